using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;

namespace RuleLang.KernelTests.Harness;

/// <summary>A veth pair: <see cref="InterfaceA"/> lives in <see cref="A"/>, its peer <see cref="InterfaceB"/> in <see cref="B"/>.</summary>
public sealed record Link(NetNamespace A, string InterfaceA, NetNamespace B, string InterfaceB)
{
    public override string ToString() => $"{A.Name}:{InterfaceA} <-> {B.Name}:{InterfaceB}";
}

/// <summary>Builds topologies between test namespaces. Interfaces are created directly inside the namespaces.</summary>
public static class Topology
{
    private static int _nextIfIndex = 1000;

    /// <summary>
    /// Creates a veth pair between <paramref name="a"/> and <paramref name="b"/> (named ethN, per namespace),
    /// assigns the addresses (CIDR, IPv4 or IPv6; null for none) and brings both ends up.
    /// </summary>
    public static Link Connect(NetNamespace a, string? addressA, NetNamespace b, string? addressB) =>
        Connect(a, addressA is null ? Array.Empty<string>() : new[] { addressA }, b, addressB is null ? Array.Empty<string>() : new[] { addressB });

    /// <summary>As <see cref="Connect(NetNamespace, string?, NetNamespace, string?)"/> with several addresses per end (e.g. dual stack).</summary>
    public static Link Connect(NetNamespace a, IEnumerable<string> addressesA, NetNamespace b, IEnumerable<string> addressesB) =>
        ConnectNamed(a, a.NextInterfaceName(), addressesA, b, b.NextInterfaceName(), addressesB);

    /// <summary>
    /// As <see cref="Connect(NetNamespace, IEnumerable{string}, NetNamespace, IEnumerable{string})"/>, with the
    /// interface names chosen by the caller (e.g. <c>lan0</c>/<c>wan0</c> that a ruleset matches with -i/-o).
    /// Names must be unique in their namespace and at most 15 characters.
    /// </summary>
    public static Link ConnectNamed(NetNamespace a, string ifA, IEnumerable<string> addressesA, NetNamespace b, string ifB, IEnumerable<string> addressesB)
    {
        CheckInterfaceName(ifA);
        CheckInterfaceName(ifB);

        // Created inside a, peer created straight in b: the host namespace never sees either end.
        // Explicit, distinct ifindexes: when both ends get the same (per-namespace) index, e.g. both are the first
        // device after lo, the kernel treats carrier-up as non-urgent and defers it up to 1 s (linkwatch); IPv6
        // then drops the first neighbour solicitation and the first connection takes a 1 s retransmit.
        int index = Interlocked.Add(ref _nextIfIndex, 2);
        a.IpCommand("link", "add", ifA, "index", Num(index), "type", "veth", "peer", "name", ifB, "index", Num(index + 1), "netns", b.Name)
            .EnsureSuccess($"creating veth {a.Name}:{ifA} <-> {b.Name}:{ifB}");
        foreach (string addr in addressesA)
        {
            a.AddAddress(ifA, addr);
        }

        foreach (string addr in addressesB)
        {
            b.AddAddress(ifB, addr);
        }

        a.IpCommand("link", "set", ifA, "up").EnsureSuccess($"bringing {ifA} up");
        b.IpCommand("link", "set", ifB, "up").EnsureSuccess($"bringing {ifB} up");
        WaitOperUp(a, ifA);
        WaitOperUp(b, ifB);
        return new Link(a, ifA, b, ifB);
    }

    /// <summary>
    /// Creates a bridge <paramref name="name"/> in <paramref name="ns"/> (a "switch" namespace), enslaves the given
    /// interfaces of that namespace to it and brings it up. Hosts joined to the bridge share one L2 segment.
    /// </summary>
    public static void AddBridge(NetNamespace ns, string name, params string[] ports)
    {
        CheckInterfaceName(name);
        ns.IpCommand("link", "add", name, "type", "bridge").EnsureSuccess($"creating bridge {name} in {ns.Name}");
        foreach (string port in ports)
        {
            ns.IpCommand("link", "set", port, "master", name).EnsureSuccess($"adding {port} to bridge {name} in {ns.Name}");
        }

        ns.IpCommand("link", "set", name, "up").EnsureSuccess($"bringing bridge {name} up");
        WaitOperUp(ns, name);
    }

    /// <summary>Adds an on-link route (<c>ip route add PREFIX dev DEVICE</c>), e.g. to a /32 peer without a shared subnet.</summary>
    public static void AddDeviceRoute(NetNamespace ns, string prefix, string device)
    {
        string family = IpFamilyExtensions.FamilyOf(prefix) == IpFamily.V6 ? "-6" : "-4";
        ns.IpCommand(family, "route", "add", prefix, "dev", device).EnsureSuccess($"route {prefix} dev {device} in {ns.Name}");
    }

    /// <summary>Waits until the kernel reports the interface operationally UP (carrier processed).</summary>
    public static void WaitOperUp(NetNamespace ns, string device, TimeSpan? timeout = null)
    {
        var sw = Stopwatch.StartNew();
        TimeSpan limit = timeout ?? TimeSpan.FromSeconds(5);
        while (true)
        {
            ExecResult r = ns.IpCommand("-o", "link", "show", "dev", device);
            if (r.Success && r.StdOut.Contains(" state UP ", StringComparison.Ordinal))
            {
                return;
            }

            if (sw.Elapsed > limit)
            {
                throw new TimeoutException($"{device} in {ns.Name} not operationally up after {limit.TotalSeconds} s: {r.Describe()}");
            }

            Thread.Sleep(10);
        }
    }

    /// <summary>Adds a default route via <paramref name="via"/> (IPv4 or IPv6 gateway address).</summary>
    public static void AddDefaultRoute(NetNamespace ns, string via) => AddRoute(ns, "default", via);

    /// <summary>Adds a route to <paramref name="prefix"/> (CIDR or "default") via a gateway.</summary>
    public static void AddRoute(NetNamespace ns, string prefix, string via)
    {
        string family = IpFamilyExtensions.FamilyOf(via) == IpFamily.V6 ? "-6" : "-4";
        ns.IpCommand(family, "route", "add", prefix, "via", via).EnsureSuccess($"route {prefix} via {via} in {ns.Name}");
    }

    /// <summary>
    /// Creates a dummy interface (dumN; type ifb where the kernel lacks the dummy driver) in <paramref name="ns"/> carrying the given extra addresses (CIDR),
    /// brings it up and returns its name. Useful for "more local addresses" / virtual service IPs.
    /// </summary>
    public static string AddDummy(NetNamespace ns, params string[] addresses)
    {
        string name = ns.NextInterfaceName("dum");
        ExecResult created = ns.IpCommand("link", "add", name, "type", "dummy");
        if (!created.Success)
        {
            // Kernels without the dummy driver (e.g. monolithic VM kernels): ifb behaves the same for holding local
            // addresses (carrier on, traffic to them is delivered via the local table).
            created = ns.IpCommand("link", "add", name, "type", "ifb");
        }

        created.EnsureSuccess($"creating dummy/ifb interface {name} in {ns.Name}");
        foreach (string addr in addresses)
        {
            ns.AddAddress(name, addr);
        }

        ns.IpCommand("link", "set", name, "up").EnsureSuccess($"bringing {name} up");
        return name;
    }

    /// <summary>Adds an address (CIDR) to an existing interface (IPv6 with nodad).</summary>
    public static void AddAddress(NetNamespace ns, string device, string cidr) => ns.AddAddress(device, cidr);

    private static void CheckInterfaceName(string name)
    {
        if (name.Length is 0 or > 15 || name.Any(c => c is '/' or ':' or ' ' or '\'' or '"'))
        {
            throw new ArgumentException($"'{name}' is not a valid interface name (1 to 15 characters, no '/', ':', spaces or quotes)", nameof(name));
        }
    }

    private static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>Addresses (without prefix) configured on a device, as shown by <c>ip -br addr</c>.</summary>
    public static IReadOnlyList<string> Addresses(NetNamespace ns, string device)
    {
        ExecResult r = ns.IpCommand("-br", "addr", "show", "dev", device).EnsureSuccess();
        return r.StdOut.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Skip(2)
            .Select(a => a.Split('/')[0])
            .ToArray();
    }
}
