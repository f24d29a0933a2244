namespace RuleLang;

/// <summary>
/// A user chain of <typeparamref name="TTable"/>: the only thing Jump and Goto accept, and only from rules of
/// the same table, since iptables cannot jump across tables.
/// </summary>
public sealed class UserChain<TTable> : Chain<TTable, AnyHook>
    where TTable : ITable
{
    internal UserChain(ChainState state)
        : base(state)
    {
    }
}
