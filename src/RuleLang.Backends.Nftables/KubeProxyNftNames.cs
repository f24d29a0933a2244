using System;
using System.Globalization;
using RuleLang.Model.Intents;

namespace RuleLang.Backends.Nftables;

/// <summary>
/// The names kube-proxy's nftables mode gives a service port's chains and sets: a prefix, then
/// <c>HASH-namespace/name/protocol/port</c> (and <c>__ip/port</c> for an endpoint), where HASH is the first 8
/// characters of the base32 SHA-256 of what follows it, so that names differing in one digit still look different.
/// '/' separates the parts because Kubernetes names cannot hold it; an IPv6 endpoint's ':' (not allowed in a
/// name) becomes '.'. The user's text reaches the script only through these names and the element comments, so
/// <see cref="IsNameText"/> decides what may: nft reads a chain or set name only as a bare word.
/// </summary>
internal static class KubeProxyNftNames
{
    /// <summary>nft's limit on a chain or set name, less room for the longest prefix: kube-proxy truncates to this.</summary>
    private const int BaseLengthMax = 256 - 16;

    public const string ServicePrefix = "service-";
    public const string LocalPrefix = "local-";
    public const string ExternalPrefix = "external-";
    public const string FirewallPrefix = "firewall-";
    public const string EndpointPrefix = "endpoint-";
    public const string AffinityPrefix = "affinity-";

    /// <summary>HASH-namespace/name/protocol/port, shared by a service port's service-, local-, external- and firewall- chains.</summary>
    public static string ServiceBase(ServiceIntent service) =>
        HashAndTruncate($"{Checked(service.Namespace)}/{Checked(service.Name)}/{Protocol(service)}/{Checked(service.PortName)}");

    /// <summary>HASH-namespace/name/protocol/port__ip/port, shared by an endpoint's endpoint- chain and affinity- set.</summary>
    public static string EndpointBase(ServiceIntent service, ServiceEndpoint endpoint) =>
        HashAndTruncate(string.Format(CultureInfo.InvariantCulture, "{0}/{1}/{2}/{3}__{4}/{5}",
            Checked(service.Namespace), Checked(service.Name), Protocol(service), Checked(service.PortName), Checked(endpoint.Address.Replace(':', '.')), endpoint.Port));

    public static string Protocol(ServiceIntent service) => service.Protocol.ToString().ToLowerInvariant();

    /// <summary>
    /// True when the text can stand inside a bare nft name and a quoted comment: letters, digits and - _ . only
    /// (what Kubernetes names are made of, and a subset of nft's name characters). Quotes, braces, spaces, '/'
    /// (the layout's own separator) and control characters cannot.
    /// </summary>
    public static bool IsNameText(string text)
    {
        foreach (char c in text)
        {
            bool ok = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_' or '.';
            if (!ok)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The last defence, as for quoted strings: the back end's check (RL3101) must have refused such text already.</summary>
    private static string Checked(string text) => IsNameText(text)
        ? text
        : throw new InvalidOperationException("A name nft cannot hold reached the nft back end; its check must reject it first.");

    private static string HashAndTruncate(string name)
    {
        string named = KubeChainNames.Hash(name).Substring(0, 8) + "-" + name;
        return named.Length > BaseLengthMax ? named.Substring(0, BaseLengthMax - 3) + "..." : named;
    }
}
