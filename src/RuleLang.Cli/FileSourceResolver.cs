using System.IO;
using RuleLang.Model.Diagnostics;
using RuleLang.Text;

namespace RuleLang.Cli;

/// <summary>Reads .rl includes from the file system, relative to the including file's folder.</summary>
public sealed class FileSourceResolver : IRlSourceResolver
{
    public string Resolve(string fromFile, string includePath)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(fromFile)) ?? ".";
        return Path.GetFullPath(Path.Combine(folder, includePath));
    }

    public bool TryRead(string resolvedPath, out string text)
    {
        try
        {
            if (!Utf8Input.TryDecode(File.ReadAllBytes(resolvedPath), resolvedPath, DiagnosticCatalog.RlNotUtf8, out text, out var notUtf8))
            {
                throw new RlSourceRejectedException(notUtf8!);
            }
            return true;
        }
        catch (System.Exception ex) when (ex is IOException or System.UnauthorizedAccessException or System.ArgumentException or System.NotSupportedException)
        {
            text = "";
            return false;
        }
    }
}
