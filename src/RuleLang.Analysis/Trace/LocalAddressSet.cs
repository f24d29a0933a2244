using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;

namespace RuleLang.Analysis.Trace;

/// <summary>The host's own addresses: loopback always, then the ones given or assumed.</summary>
internal sealed class LocalAddressSet
{
    private readonly HashSet<IPAddress> _addresses;

    public LocalAddressSet(IEnumerable<IPAddress> addresses) => _addresses = new HashSet<IPAddress>(addresses);

    public IReadOnlyList<string> Listed => _addresses.Select(a => a.ToString()).OrderBy(a => a, System.StringComparer.Ordinal).ToArray();

    public bool Contains(IPAddress address)
    {
        if (IPAddress.IsLoopback(address))
        {
            return true;
        }
        if (address.AddressFamily == AddressFamily.InterNetwork && address.GetAddressBytes()[0] == 127)
        {
            // The local routing table holds all of 127.0.0.0/8, not only 127.0.0.1.
            return true;
        }
        return _addresses.Contains(address);
    }
}
