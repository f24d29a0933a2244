using RuleLang.Model.Netfilter;

namespace RuleLang;

/// <summary>The security table and its built-in chains.</summary>
public sealed class SecurityTable : TableBuilder<Security>
{
    internal SecurityTable(PolicyBuilder policy)
        : base(policy, TableKind.Security)
    {
        Input = Builtin<Input>(Hook.Input);
        Forward = Builtin<Forward>(Hook.Forward);
        Output = Builtin<Output>(Hook.Output);
    }

    public BuiltinChain<Security, Input> Input { get; }

    public BuiltinChain<Security, Forward> Forward { get; }

    public BuiltinChain<Security, Output> Output { get; }
}
