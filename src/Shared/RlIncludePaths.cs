using System.Collections.Generic;
using System.Text;

namespace RuleLang.Text.Sources;

/// <summary>
/// How an <c>include "…"</c> names a file: relative to the including file's folder, with '.' and '..' folded, in
/// the including path's own separator. The source generator (which resolves includes among the project's
/// AdditionalFiles) and the runtime (which resolves them among the texts the generator embedded) must agree on
/// every path byte for byte, so both compile this one file. No file system access: it runs inside the compiler.
/// </summary>
internal static class RlIncludePaths
{
    public static string Resolve(string fromFile, string includePath)
    {
        char separator = fromFile.IndexOf('\\') >= 0 && fromFile.IndexOf('/') < 0 ? '\\' : '/';
        if (IsRooted(includePath))
        {
            return Normalize(includePath, separator);
        }
        int cut = fromFile.LastIndexOfAny(new[] { '/', '\\' });
        string folder = cut < 0 ? "" : fromFile.Substring(0, cut + 1);
        return Normalize(folder + includePath, separator);
    }

    /// <summary>Folds '.', '..' and doubled separators, so two spellings of one file compare equal.</summary>
    public static string Normalize(string path, char separator = '/')
    {
        var parts = new List<string>();
        string[] segments = path.Split('/', '\\');
        for (int i = 0; i < segments.Length; i++)
        {
            string segment = segments[i];
            bool keepEmpty = i == 0 && segment.Length == 0;
            if (segment == "." || (segment.Length == 0 && !keepEmpty))
            {
                continue;
            }
            if (segment == ".." && parts.Count > 0 && parts[parts.Count - 1] != ".." && parts[parts.Count - 1].Length > 0 && !parts[parts.Count - 1].EndsWith(":", System.StringComparison.Ordinal))
            {
                parts.RemoveAt(parts.Count - 1);
                continue;
            }
            parts.Add(segment);
        }
        var builder = new StringBuilder(path.Length);
        for (int i = 0; i < parts.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(separator);
            }
            builder.Append(parts[i]);
        }
        return parts.Count == 1 && parts[0].Length == 0 ? separator.ToString() : builder.ToString();
    }

    private static bool IsRooted(string path) =>
        path.StartsWith("/", System.StringComparison.Ordinal)
        || path.StartsWith("\\", System.StringComparison.Ordinal)
        || (path.Length >= 2 && path[1] == ':');
}
