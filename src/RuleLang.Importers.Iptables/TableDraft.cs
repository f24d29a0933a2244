using System.Collections.Generic;
using System.Linq;
using RuleLang.Model;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;

namespace RuleLang.Importers.Iptables;

/// <summary>A table while its dump section is read: chains in declaration order, built-in chains always present.</summary>
internal sealed class TableDraft
{
    public TableDraft(TableKind kind, SourceLocation location)
    {
        Kind = kind;
        Location = location;
        // iptables-save lists every built-in chain of a table it prints, declared or not.
        foreach (var hook in NetfilterFacts.BuiltinHooks(kind))
        {
            Chains.Add(new ChainDraft(NetfilterFacts.ChainName(hook), hook, Verdict.Accept, location));
        }
    }

    public TableKind Kind { get; }

    public SourceLocation Location { get; }

    public List<ChainDraft> Chains { get; } = new();

    public bool Committed { get; set; }

    public ChainDraft? Find(string name) => Chains.FirstOrDefault(c => c.Name == name);

    public Table ToModel() => new(Kind, Chains.Select(c => c.ToModel()).ToArray());
}

/// <summary>A chain while its rules are read.</summary>
internal sealed class ChainDraft
{
    public ChainDraft(string name, Hook? hook, Verdict? policy, SourceLocation location)
    {
        Name = name;
        Hook = hook;
        Policy = policy;
        Location = location;
    }

    public string Name { get; }

    public Hook? Hook { get; }

    public Verdict? Policy { get; set; }

    public SourceLocation Location { get; set; }

    public List<Rule> Rules { get; } = new();

    public Chain ToModel() => new(Name, Hook, Policy, Rules.ToArray(), Location);
}
