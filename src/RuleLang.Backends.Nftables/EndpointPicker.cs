using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using RuleLang.Model.Intents;
using RuleLang.Model.Netfilter;

namespace RuleLang.Backends.Nftables;

/// <summary>
/// The compact layout's load balancer for one kind of key (address . protocol . port, or protocol . port for
/// NodePorts): one map from key . index to endpoint address . port, a set per endpoint count n of the keys with n
/// endpoints, and a chain with one rule per count: <c>KEY @MAP-n dnat to KEY . numgen random mod n map @MAP</c>.
/// The set keeps the pick uniform (a key with 3 endpoints never meets <c>mod 2</c>); the chain grows with the
/// number of distinct endpoint counts, never with the number of services.
/// </summary>
internal sealed class EndpointPicker
{
    private readonly string _key;
    private readonly string _keyType;
    private readonly string _ip;
    private readonly List<string> _elements = new();
    private readonly SortedDictionary<int, List<string>> _keysByCount = new();

    /// <param name="map">The map's name; the sets are named after it, the chain is pick-NAME.</param>
    /// <param name="key">The key as an nft expression, e.g. <c>ip daddr . meta l4proto . th dport</c>.</param>
    /// <param name="keyType">The key's type, e.g. <c>ipv4_addr . inet_proto . inet_service</c>.</param>
    /// <param name="ip">The family's payload keyword: ip or ip6.</param>
    /// <param name="description">
    /// The map's comment, kept short: nft stores it with the typeof expressions in the map's user data, which the
    /// kernel limits to 256 bytes (a longer one fails with "Numerical result out of range").
    /// </param>
    public EndpointPicker(string map, string key, string keyType, string ip, string description)
    {
        Map = map;
        _key = key;
        _keyType = keyType;
        _ip = ip;
        Description = description;
    }

    public string Map { get; }

    public string Chain => "pick-" + Map;

    public string Description { get; }

    /// <summary>
    /// A key's picks, in the plan's order (numgen's i is the i-th, each with share 1/n); none: the key is left out,
    /// and the pick falls through.
    /// </summary>
    public void Add(string key, IReadOnlyList<EndpointPick> picks)
    {
        if (picks.Count == 0)
        {
            return;
        }
        if (!_keysByCount.TryGetValue(picks.Count, out var keys))
        {
            _keysByCount[picks.Count] = keys = new List<string>();
        }
        keys.Add(key);
        foreach (var pick in picks)
        {
            string address = KubeProxyNftTable.Address(pick.Endpoint.Address);
            _elements.Add($"{key} . {Number(pick.Index)} : {address} . {Number(pick.Endpoint.Port)}");
        }
    }

    public void WriteDeclarations(StringBuilder output)
    {
        // typeof, because numgen's integer has no type name of its own; its modulus there only documents the
        // largest index (nft keeps what is written and lists it back).
        int largest = _keysByCount.Count == 0 ? 1 : _keysByCount.Keys.Max();
        NftDeclarations.Set(output, "map", Map, $"{_key} . numgen random mod {Number(largest)} : {_ip} daddr . th dport", _elements,
            comment: Description, typeOf: true);
        foreach (var (count, keys) in _keysByCount)
        {
            NftDeclarations.Set(output, "set", SetName(count), _keyType, keys, comment: $"keys with {Number(count)} endpoint{(count == 1 ? "" : "s")} in @{Map}");
        }
    }

    public IReadOnlyList<string> Rules() =>
        _keysByCount.Keys.Select(count => $"{_key} @{SetName(count)} dnat {_ip} to {_key} . numgen random mod {Number(count)} map @{Map}").ToArray();

    private string SetName(int count) => Map + "-" + Number(count);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
