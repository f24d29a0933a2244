using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace RuleLang.Testing;

/// <summary>The nft rulesets of the corpus of real rulesets (tests/corpus/README.md): `nft list ruleset` outputs.</summary>
public static class RealNftCorpus
{
    public sealed record Ruleset(string Name, string Path, string Text)
    {
        /// <summary>The listing without the leading comment lines that say what the ruleset is.</summary>
        public string Listing => string.Concat(Text.Split('\n').SkipWhile(l => l.StartsWith('#')).Select((l, i) => (i == 0 ? "" : "\n") + l));

        public override string ToString() => Name;
    }

    public static string Folder => System.IO.Path.Combine(RepoPaths.Root, "tests", "corpus", "nft");

    public static IReadOnlyList<Ruleset> Rulesets() =>
        Directory.GetFiles(Folder, "*.nft")
            .Select(p => new Ruleset(System.IO.Path.GetFileNameWithoutExtension(p), p, File.ReadAllText(p)))
            .OrderBy(r => r.Name, StringComparer.Ordinal)
            .ToList();
}
