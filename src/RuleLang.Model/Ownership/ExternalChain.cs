namespace RuleLang.Model;

/// <summary>A chain another owner creates (Docker's DOCKER-USER, kube-proxy's KUBE-SERVICES) that the policy may jump to.</summary>
public sealed record ExternalChain(string Name, SourceLocation Location)
{
    /// <summary>Compared by name: where it was declared does not change which chain it is.</summary>
    public bool Equals(ExternalChain? other) => other is not null && Name == other.Name;

    public override int GetHashCode() => Name.GetHashCode();
}
