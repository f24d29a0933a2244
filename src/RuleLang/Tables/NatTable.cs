using RuleLang.Model.Netfilter;

namespace RuleLang;

/// <summary>The nat table and its built-in chains.</summary>
public sealed class NatTable : TableBuilder<Nat>
{
    internal NatTable(PolicyBuilder policy)
        : base(policy, TableKind.Nat)
    {
        Prerouting = Builtin<Prerouting>(Hook.Prerouting);
        Input = Builtin<Input>(Hook.Input);
        Output = Builtin<Output>(Hook.Output);
        Postrouting = Builtin<Postrouting>(Hook.Postrouting);
    }

    public BuiltinChain<Nat, Prerouting> Prerouting { get; }

    public BuiltinChain<Nat, Input> Input { get; }

    public BuiltinChain<Nat, Output> Output { get; }

    public BuiltinChain<Nat, Postrouting> Postrouting { get; }
}
