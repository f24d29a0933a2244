using System;
using System.Text;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace RuleLang.Compiler;

/// <summary>A unified diff with three lines of context: enough to review a ruleset change in a CI log.</summary>
public static class TextDiff
{
    public static string Unified(string before, string after, string name, string beforeLabel = "committed", string afterLabel = "emitted")
    {
        var lines = InlineDiffBuilder.Diff(before, after, ignoreWhiteSpace: false).Lines;
        var shown = new bool[lines.Count];
        for (int i = 0; i < lines.Count; i++)
        {
            if (lines[i].Type != ChangeType.Unchanged)
            {
                for (int j = Math.Max(0, i - 3); j <= Math.Min(lines.Count - 1, i + 3); j++)
                {
                    shown[j] = true;
                }
            }
        }
        var output = new StringBuilder();
        output.Append("--- ").Append(name).Append(" (").Append(beforeLabel).Append(")\n");
        output.Append("+++ ").Append(name).Append(" (").Append(afterLabel).Append(")\n");
        for (int i = 0; i < lines.Count; i++)
        {
            if (!shown[i])
            {
                continue;
            }
            if (i == 0 || !shown[i - 1])
            {
                output.Append("@@ line ").Append(i + 1).Append(" @@\n");
            }
            char mark = lines[i].Type switch
            {
                ChangeType.Deleted => '-',
                ChangeType.Inserted => '+',
                _ => ' ',
            };
            output.Append(mark).Append(lines[i].Text).Append('\n');
        }
        return output.ToString();
    }
}
