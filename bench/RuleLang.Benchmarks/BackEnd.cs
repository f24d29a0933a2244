using System;
using System.Collections.Generic;
using System.Linq;
using RuleLang.Backends.Nftables;
using RuleLang.Compiler;
using RuleLang.Model;

namespace RuleLang.Benchmarks;

/// <summary>
/// One output the benchmarks compare: iptables-restore text, or an nft script in one of the back end's service
/// layouts. The nft layouts are read from <see cref="NftServiceLayout"/> itself, so a layout added to the back end
/// gets its own row, column and plot line without an edit here.
/// </summary>
public sealed record BackEnd(string Name, RulesetFormat Format, NftServiceLayout Layout)
{
    public static readonly BackEnd Iptables = new("iptables", RulesetFormat.Iptables, default);

    public static IReadOnlyList<BackEnd> All { get; } =
        new[] { Iptables }
            .Concat(Enum.GetValues<NftServiceLayout>().Select(l => new BackEnd("nft-" + Kebab(l.ToString()), RulesetFormat.Nft, l)))
            .ToArray();

    public bool IsNft => Format == RulesetFormat.Nft;

    public static BackEnd Parse(string name) =>
        name == "nft" ? All.First(b => b.IsNft)
        : All.FirstOrDefault(b => b.Name == name)
          ?? throw new ArgumentException($"no back end '{name}'; one of: {string.Join(", ", All.Select(b => b.Name))}");

    /// <summary>Check, lower and print; the one ruleset this back end writes (iptables: the IPv4 one).</summary>
    public EmittedRuleset Compile(Policy policy)
    {
        var result = PolicyCompiler.Compile(policy, new[] { Format }, Layout);
        if (!result.Succeeded)
        {
            var first = result.Diagnostics.FirstOrDefault(d => d.IsError);
            throw new InvalidOperationException($"the synthetic cluster does not compile for {Name}: {first}");
        }
        return result.Rulesets[0];
    }

    public override string ToString() => Name;

    private static string Kebab(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "-" : "") + char.ToLowerInvariant(c) : c.ToString()));
}
