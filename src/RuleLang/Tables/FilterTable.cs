using RuleLang.Model.Netfilter;

namespace RuleLang;

/// <summary>The filter table and its built-in chains.</summary>
public sealed class FilterTable : TableBuilder<Filter>
{
    internal FilterTable(PolicyBuilder policy)
        : base(policy, TableKind.Filter)
    {
        Input = Builtin<Input>(Hook.Input);
        Forward = Builtin<Forward>(Hook.Forward);
        Output = Builtin<Output>(Hook.Output);
    }

    public BuiltinChain<Filter, Input> Input { get; }

    public BuiltinChain<Filter, Forward> Forward { get; }

    public BuiltinChain<Filter, Output> Output { get; }
}
