using RuleLang.Cli;
using RuleLang.Text;

namespace RuleLang.Tests.Text;

/// <summary>
/// Includes read from disk, relative to the including file, exactly as the CLI reads them (strict UTF-8, regular
/// files of bounded size), but from any folder: which folders an include may read is FileSafetyTests' subject.
/// </summary>
public sealed class FileSystemSources : IRlSourceResolver
{
    private readonly FileSourceResolver _cli = new(new[] { "/" });

    public string Resolve(string fromFile, string includePath) => _cli.Resolve(fromFile, includePath);

    public bool TryRead(string resolvedPath, out string text) => _cli.TryRead(resolvedPath, out text);
}
