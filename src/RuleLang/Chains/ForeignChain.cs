namespace RuleLang;

/// <summary>
/// A chain of table <typeparamref name="TTable"/> that another owner creates (Docker's DOCKER-USER, kube-proxy's
/// KUBE-SERVICES): rules may jump to it, the policy never defines it. Only for a policy that owns its own chains.
/// </summary>
public sealed class ForeignChain<TTable>
    where TTable : ITable
{
    internal ForeignChain(string name)
    {
        Name = name;
    }

    public string Name { get; }
}
