namespace RuleLang.Model.Intents;

/// <summary>
/// One backend of a load-balanced service, with the EndpointSlice conditions kube-proxy reads. The defaults are
/// an endpoint that is ready, on another node.
/// </summary>
public sealed record ServiceEndpoint(string Address, int Port)
{
    /// <summary>conditions.ready: used whenever any ready endpoint exists.</summary>
    public bool Ready { get; init; } = true;

    /// <summary>conditions.serving: a terminating endpoint that still serves is the fallback when none is ready.</summary>
    public bool Serving { get; init; } = true;

    /// <summary>conditions.terminating.</summary>
    public bool Terminating { get; init; }

    /// <summary>The endpoint runs on this node (its nodeName is kube-proxy's hostname): what Local traffic policy uses.</summary>
    public bool IsLocal { get; init; }

    /// <summary>ip:port, with brackets for IPv6: kube-proxy's endpoint string, hashed into KUBE-SEP names and sorted by.</summary>
    public string Text =>
        Address.IndexOf(':') >= 0
            ? "[" + Address + "]:" + Port.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : Address + ":" + Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
