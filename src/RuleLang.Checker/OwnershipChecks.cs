using System.Collections.Generic;
using System.Linq;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;

namespace RuleLang.Checker;

/// <summary>
/// What an own-chains policy may say (docs/ownership.md): no default policies on built-in chains (they are the
/// host's), owned chain names free and valid, external chains not defined; and nothing of the sort in a
/// whole-tables policy.
/// </summary>
internal static class OwnershipChecks
{
    public static void Check(Policy policy, DiagnosticBag bag)
    {
        var ownership = policy.Ownership;
        if (!ownership.OwnsChains)
        {
            if (ownership.HasChainSettings)
            {
                var at = ownership.ExternalChains.FirstOrDefault()?.Location ?? ownership.Location;
                bag.Report(DiagnosticCatalog.ChainSettingsWithoutOwnChains, at.IsKnown ? at : policy.Location, Describe(ownership));
            }
            return;
        }
        if (ownership.Prefix is { } prefix && PrefixProblem(prefix) is { } problem)
        {
            bag.Report(DiagnosticCatalog.InvalidChainPrefix, ownership.Location, ValueRules.Printable(prefix), problem);
        }
        foreach (var external in ownership.ExternalChains)
        {
            ValueRules.CheckChainName(external.Name, external.Location, bag);
        }
        foreach (var placement in ownership.Placements.Select(p => (Placement: p.Placement, p.Location)).Append((Placement: ownership.Jumps, Location: ownership.Location)))
        {
            if (placement.Placement.Anchor is { } anchor)
            {
                ValueRules.CheckChainName(anchor, placement.Location, bag);
            }
        }
        foreach (var table in policy.Tables)
        {
            CheckTable(policy, table, bag);
        }
    }

    private static void CheckTable(Policy policy, Table table, DiagnosticBag bag)
    {
        var ownership = policy.Ownership;
        var ownedNames = NetfilterFacts.BuiltinHooks(table.Kind).ToDictionary(h => ownership.OwnedChainName(policy.Name, h), h => h);
        foreach (var chain in table.Chains)
        {
            if (chain.Hook is { } hook)
            {
                if (chain.Policy is Verdict.Drop)
                {
                    bag.Report(DiagnosticCatalog.OwnChainsDropPolicy, chain.Location, chain.Name, table.Name, "DROP", "drop", ownership.OwnedChainName(policy.Name, hook));
                }
                continue;
            }
            if (ownedNames.TryGetValue(chain.Name, out var taken))
            {
                bag.Report(DiagnosticCatalog.OwnedChainNameTaken, chain.Location, chain.Name, table.Name, NetfilterFacts.ChainName(taken));
            }
            if (ownership.IsExternal(chain.Name))
            {
                bag.Report(DiagnosticCatalog.ExternalChainDefined, chain.Location, chain.Name, table.Name);
            }
        }
    }

    public static void CheckExternalJumpsForNft(Policy policy, DiagnosticBag bag)
    {
        foreach (var rule in policy.Tables.SelectMany(t => t.Chains).SelectMany(c => c.Rules))
        {
            if (rule.Target is Model.Targets.JumpTarget jump && policy.Ownership.OwnsChains && policy.Ownership.IsExternal(jump.Chain))
            {
                bag.Report(DiagnosticCatalog.ExternalJumpInNft, rule.Location, jump.Chain);
            }
        }
    }

    private static string Describe(PolicyOwnership ownership) =>
        ownership.ExternalChains.Count > 0 ? $"external chain {ownership.ExternalChains[0].Name}"
        : ownership.Prefix != null ? $"chain prefix {ownership.Prefix}"
        : "jump placement";

    private static string? PrefixProblem(string prefix)
    {
        if (prefix.Length == 0)
        {
            return "is empty";
        }
        if (prefix.Length > PolicyOwnership.MaxPrefixLength)
        {
            return $"is {prefix.Length} characters long";
        }
        if (!prefix.All(c => c is '-' or '_' or '.' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
        {
            return "contains characters that are not allowed";
        }
        return char.IsLetterOrDigit(prefix[0]) ? null : "does not start with a letter or digit";
    }
}
