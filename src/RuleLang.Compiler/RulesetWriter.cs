using System;
using System.Collections.Generic;
using System.IO;

namespace RuleLang.Compiler;

/// <summary>
/// Writes emitted rulesets whole or not at all: each goes to a temporary file in the same folder and is then
/// renamed over the target, so a reader (or a crash) never sees half a ruleset. Unchanged files are left
/// alone, so their timestamps do not move.
/// </summary>
public static class RulesetWriter
{
    /// <returns>The paths that were written (changed or new).</returns>
    public static IReadOnlyList<string> Write(string directory, IEnumerable<EmittedRuleset> rulesets)
    {
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        foreach (var ruleset in rulesets)
        {
            string path = Path.Combine(directory, ruleset.FileName);
            byte[] bytes = ruleset.Content;
            if (File.Exists(path) && SameBytes(path, bytes))
            {
                continue;
            }
            string temp = Path.Combine(directory, "." + ruleset.FileName + "." + Guid.NewGuid().ToString("N") + ".tmp");
            try
            {
                File.WriteAllBytes(temp, bytes);
                File.Move(temp, path, overwrite: true);
            }
            finally
            {
                if (File.Exists(temp))
                {
                    File.Delete(temp);
                }
            }
            written.Add(path);
        }
        return written;
    }

    private static bool SameBytes(string path, byte[] bytes)
    {
        var info = new FileInfo(path);
        return info.Length == bytes.Length && File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes);
    }
}
