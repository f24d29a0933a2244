using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;

namespace RuleLang.Importers.Kubernetes;

/// <summary>The family of an address or CIDR as the API stores it, or null when it is not one.</summary>
internal static class Addresses
{
    public static IpFamily? OfHost(string text) =>
        text.IndexOf('/') < 0 && IpNetwork.TryParse(text, out var network, out _) ? network.Family : null;

    public static IpFamily? OfCidr(string text) =>
        IpNetwork.TryParse(text, out var network, out _) ? network.Family : null;

    public static string Name(IpFamily family) => family == IpFamily.IPv4 ? "IPv4" : "IPv6";
}
