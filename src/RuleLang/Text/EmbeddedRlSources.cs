using System.Collections.Generic;
using RuleLang.Text;
using RuleLang.Text.Sources;

namespace RuleLang;

/// <summary>
/// The files a .rl policy includes, as the source generator embedded them at compile time: a built policy never
/// reads the disk, so it builds the same wherever the assembly runs.
/// </summary>
internal sealed class EmbeddedRlSources : IRlSourceResolver
{
    private readonly Dictionary<string, string> _texts = new(System.StringComparer.Ordinal);

    public EmbeddedRlSources(IEnumerable<KeyValuePair<string, string>> texts)
    {
        foreach (var (path, text) in texts)
        {
            _texts[RlIncludePaths.Normalize(path, Separator(path))] = text;
        }
    }

    public string Resolve(string fromFile, string includePath) => RlIncludePaths.Resolve(fromFile, includePath);

    public bool TryRead(string resolvedPath, out string text) => _texts.TryGetValue(resolvedPath, out text!);

    private static char Separator(string path) => path.IndexOf('\\') >= 0 && path.IndexOf('/') < 0 ? '\\' : '/';
}
