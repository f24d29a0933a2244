using RuleLang.Model.Netfilter;

namespace RuleLang;

/// <summary>The raw table and its built-in chains.</summary>
public sealed class RawTable : TableBuilder<Raw>
{
    internal RawTable(PolicyBuilder policy)
        : base(policy, TableKind.Raw)
    {
        Prerouting = Builtin<Prerouting>(Hook.Prerouting);
        Output = Builtin<Output>(Hook.Output);
    }

    public BuiltinChain<Raw, Prerouting> Prerouting { get; }

    public BuiltinChain<Raw, Output> Output { get; }
}
