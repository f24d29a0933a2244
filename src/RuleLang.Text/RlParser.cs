using RuleLang.Text.Building;

namespace RuleLang.Text;

/// <summary>Parses one .rl file (and the files it includes) into the policy model. Never throws on bad input.</summary>
public static class RlParser
{
    /// <param name="text">The file's text.</param>
    /// <param name="path">The file's path as diagnostics and source locations should show it.</param>
    /// <param name="sources">Reads included files; null when includes are not available (they are then reported).</param>
    public static RlParseResult Parse(string text, string path, IRlSourceResolver? sources = null) =>
        new ParseSession(sources).Run(text ?? "", path ?? "");
}
