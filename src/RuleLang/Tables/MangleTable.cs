using RuleLang.Model.Netfilter;

namespace RuleLang;

/// <summary>The mangle table and its built-in chains.</summary>
public sealed class MangleTable : TableBuilder<Mangle>
{
    internal MangleTable(PolicyBuilder policy)
        : base(policy, TableKind.Mangle)
    {
        Prerouting = Builtin<Prerouting>(Hook.Prerouting);
        Input = Builtin<Input>(Hook.Input);
        Forward = Builtin<Forward>(Hook.Forward);
        Output = Builtin<Output>(Hook.Output);
        Postrouting = Builtin<Postrouting>(Hook.Postrouting);
    }

    public BuiltinChain<Mangle, Prerouting> Prerouting { get; }

    public BuiltinChain<Mangle, Input> Input { get; }

    public BuiltinChain<Mangle, Forward> Forward { get; }

    public BuiltinChain<Mangle, Output> Output { get; }

    public BuiltinChain<Mangle, Postrouting> Postrouting { get; }
}
