using System.IO;
using RuleLang.Text;

namespace RuleLang.Tests.Text;

/// <summary>Includes read from disk, relative to the including file, as the CLI will read them.</summary>
public sealed class FileSystemSources : IRlSourceResolver
{
    public string Resolve(string fromFile, string includePath) =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(fromFile)) ?? "", includePath));

    public bool TryRead(string resolvedPath, out string text)
    {
        text = File.Exists(resolvedPath) ? File.ReadAllText(resolvedPath) : "";
        return File.Exists(resolvedPath);
    }
}
