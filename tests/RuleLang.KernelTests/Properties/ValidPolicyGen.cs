using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using CsCheck;
using RuleLang.Backends.Nftables;
using RuleLang.Model;
using RuleLang.Model.Intents;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;

namespace RuleLang.KernelTests.Properties;

/// <summary>
/// A CsCheck generator of random policies that the checker must accept (no error; warnings such as host bits or
/// an unreachable rule may occur) and that every back end must be able to print: random tables with their
/// built-in chains and random policies; user chains in a DAG of jumps and gotos (a chain only calls chains
/// declared after it, so there is no loop, and each is called at least once); rules whose matches and target fit
/// the table and every hook that reaches the chain, the way <c>src/RuleLang.Checker</c> decides it (interfaces
/// only where the hook has one, NAT targets only at their hooks, REJECT only in filter, CT only in raw, DSCP only
/// in mangle); ports only after tcp, udp or sctp; ICMP types only after their protocol; addresses of one family per
/// rule; comments and log prefixes without '"' (nft has no escape for it) and within nft's 128-byte comment.
/// It draws values from the whole range the checker allows, edges included, and from the odd corners of the
/// character sets it allows, since those are where back ends and the kernel part ways.
/// </summary>
public sealed class ValidPolicyGen : Gen<Policy>
{
    /// <summary>Where every generated rule claims to come from; the printer and the checker's messages show it.</summary>
    public const string SourceFile = "generated.cs";

    private static readonly Hook[] AllHooks = (Hook[])Enum.GetValues(typeof(Hook));
    private static readonly ConntrackStates[] TrackStates = { ConntrackStates.Invalid, ConntrackStates.New, ConntrackStates.Related, ConntrackStates.Established, ConntrackStates.Untracked };
    private static readonly AddressType[] AddressTypes = (AddressType[])Enum.GetValues(typeof(AddressType));
    private static readonly AddressType[] Ipv6AddressTypes = { AddressType.Unspec, AddressType.Unicast, AddressType.Local, AddressType.Anycast, AddressType.Multicast, AddressType.Unreachable };
    private static readonly RateUnit[] RateUnits = (RateUnit[])Enum.GetValues(typeof(RateUnit));
    private static readonly RejectWith[] RejectKinds = (RejectWith[])Enum.GetValues(typeof(RejectWith));
    private static readonly string[] OddChainNames = { "a", "_", "0", "a.b", "x-y", "accept", "drop", "Return", "LOG2", "KUBE-SVC-ABCDEFGHIJKLMNOP", "chain", "table", "FORWARD", "PREROUTING" };
    private static readonly string[] OddInterfaces = { "lo", "eth0", "eth+", "+", "veth-a.b", "wlan0", "a", "br-1234567890ab", "x_y", "9", "a#b", "a$b", "a!", "{x}", "a;b", "a,b", "a=b", "a@b", "a%b", "a&b", "a(b)", "a[b]", "a|b", "a~b", "a`b", "a^b", "a?b", "a<b>" };
    private static readonly string[] CommentWords = { "ssh", "allow", "drop all", "kube", "é", "→", "日本", "a, b", "x; y", "#1", "it's", "100%", "back\\slash", "{braces}", "$HOME", "  two  spaces ", "-m comment", "--dport 22", "!", "tab-free", "semi;colon", "" };
    private static readonly int[] IcmpTypes = { 0, 3, 4, 5, 8, 11, 12, 13, 14, 17, 18, 254, 255 };
    private static readonly int[] Icmpv6Types = { 1, 2, 3, 4, 128, 129, 133, 134, 135, 136, 137, 143, 254, 255 };

    public override Policy Generate(PCG pcg, Size? min, out Size size)
    {
        var r = new Rnd(pcg);
        Policy policy = Build(r);
        size = new Size(r.Complexity);
        return policy;
    }

    private static Policy Build(Rnd r)
    {
        string name = PolicyName(r);
        var kinds = ((TableKind[])Enum.GetValues(typeof(TableKind))).Where(_ => r.Chance(0.45)).ToList();
        if (kinds.Count == 0)
        {
            kinds.Add(r.Pick((TableKind[])Enum.GetValues(typeof(TableKind))));
        }

        var tables = kinds.Select(k => BuildTable(r, k)).ToArray();
        return new Policy(name, tables, Array.Empty<Intent>(), new SourceLocation(SourceFile, 1, 1));
    }

    private static string PolicyName(Rnd r)
    {
        const string rest = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";
        while (true)
        {
            var sb = new StringBuilder("rl");
            int n = r.Few(10, 0.6);
            for (int i = 0; i < n; i++)
            {
                sb.Append(rest[r.Below(rest.Length)]);
            }

            if (NftNames.IsUsableTableName(sb.ToString()))
            {
                return sb.ToString();
            }
        }
    }

    private sealed class ChainPlan
    {
        public ChainPlan(string name, Hook? hook)
        {
            Name = name;
            Hook = hook;
            if (hook is { } h)
            {
                Hooks.Add(h);
            }
        }

        public string Name { get; }

        public Hook? Hook { get; }

        public HashSet<Hook> Hooks { get; } = new();

        /// <summary>Calls into later chains: (target, goto).</summary>
        public List<(ChainPlan Target, bool Goto)> Calls { get; } = new();
    }

    private static Table BuildTable(Rnd r, TableKind kind)
    {
        r.Grow(8);
        var builtins = NetfilterFacts.BuiltinHooks(kind).Select(h => new ChainPlan(NetfilterFacts.ChainName(h), h)).ToList();
        var users = new List<ChainPlan>();
        int userCount = r.Few(5, 0.55);
        var names = new HashSet<string>(builtins.Select(b => b.Name), StringComparer.Ordinal);
        for (int i = 0; i < userCount; i++)
        {
            string chainName;
            do
            {
                chainName = ChainName(r);
            }
            while (!names.Add(chainName));
            users.Add(new ChainPlan(chainName, null));
        }

        // The DAG: every user chain gets one caller among the built-in chains and the user chains before it,
        // then a few extra calls that keep the order (so no loop can form).
        for (int j = 0; j < users.Count; j++)
        {
            var callers = builtins.Concat(users.Take(j)).ToList();
            r.Pick(callers).Calls.Add((users[j], r.Chance(0.25)));
        }

        int extra = r.Few(3, 0.4);
        for (int e = 0; e < extra && users.Count > 0; e++)
        {
            int j = r.Below(users.Count);
            var callers = builtins.Concat(users.Take(j)).ToList();
            r.Pick(callers).Calls.Add((users[j], r.Chance(0.25)));
        }

        // Hooks reach user chains through the calls, in declaration order (callers come first).
        foreach (var chain in builtins.Concat(users))
        {
            foreach (var (target, _) in chain.Calls)
            {
                target.Hooks.UnionWith(chain.Hooks);
            }
        }

        var chains = new List<Chain>();
        foreach (var plan in builtins.Concat(users))
        {
            r.Grow(3);
            var rules = new List<Rule>();
            int count = r.Few(6, 0.6);
            for (int i = 0; i < count; i++)
            {
                rules.Add(BuildRule(r, kind, plan.Hooks, null));
            }

            foreach (var (target, isGoto) in plan.Calls)
            {
                rules.Insert(r.Below(rules.Count + 1), BuildRule(r, kind, plan.Hooks, new JumpTarget(target.Name, isGoto)));
            }

            chains.Add(plan.Hook is { } hook
                ? Chain.Builtin(hook, r.Chance(0.3) ? Verdict.Drop : Verdict.Accept, rules, new SourceLocation(SourceFile, 1, 1))
                : Chain.User(plan.Name, rules, new SourceLocation(SourceFile, 1, 1)));
        }

        r.Shuffle(chains);
        return new Table(kind, chains);
    }

    private static string ChainName(Rnd r)
    {
        if (r.Chance(0.15))
        {
            string odd = r.Pick(OddChainNames);
            return NetfilterFacts.TryParseHook(odd, out _) && !KnownIssues.Generate ? odd.ToLowerInvariant() : odd; // KnownIssues.ChainNamedLikeBuiltin
        }

        const string first = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.";
        const string rest = first + "-";
        int length = r.Chance(0.1) ? NetfilterFacts.MaxChainNameBytes : r.Between(1, 12);
        while (true)
        {
            var sb = new StringBuilder();
            sb.Append(first[r.Below(first.Length)]);
            for (int i = 1; i < length; i++)
            {
                sb.Append(rest[r.Below(rest.Length)]);
            }

            string name = sb.ToString();
            if (!NetfilterFacts.ReservedTargetNames.Contains(name) && !NetfilterFacts.TryParseHook(name, out _))
            {
                return name;
            }
        }
    }

    /// <summary>One rule for a chain of <paramref name="kind"/> that runs at <paramref name="hooks"/>; a jump when <paramref name="jump"/> is given.</summary>
    private static Rule BuildRule(Rnd r, TableKind kind, IReadOnlyCollection<Hook> hooks, JumpTarget? jump)
    {
        r.Grow(4);
        var matches = new List<Match>();
        IpFamily? family = r.Chance(0.2) ? IpFamily.IPv4 : r.Chance(0.2) ? IpFamily.IPv6 : null;

        // Protocol first, as the DSL writes it.
        Protocol protocol = Protocol.All;
        bool protocolNegated = false;
        if (r.Chance(0.55))
        {
            var choices = new List<Protocol> { Protocol.Tcp, Protocol.Tcp, Protocol.Udp, Protocol.Sctp };
            if (family != IpFamily.IPv6)
            {
                choices.Add(Protocol.Icmp);
            }

            if (family != IpFamily.IPv4)
            {
                choices.Add(Protocol.Icmpv6);
            }

            protocol = r.Pick(choices);
            protocolNegated = r.Chance(0.1);
            var pm = new ProtocolMatch(protocol, protocolNegated);
            family ??= pm.Family;
            matches.Add(pm);
        }

        Protocol effective = protocolNegated ? Protocol.All : protocol;
        bool hasPorts = effective is Protocol.Tcp or Protocol.Udp or Protocol.Sctp;
        var others = new List<Match>();
        if (hasPorts)
        {
            foreach (var side in new[] { AddressSide.Source, AddressSide.Destination })
            {
                if (r.Chance(side == AddressSide.Destination ? 0.5 : 0.25))
                {
                    others.Add(Ports(r, side));
                }
            }
        }

        if (effective is Protocol.Icmp or Protocol.Icmpv6 && r.Chance(0.5))
        {
            var icmpFamily = effective == Protocol.Icmp ? IpFamily.IPv4 : IpFamily.IPv6;
            // KnownIssues.IcmpTypeAny: 255 is iptables' "any".
            int type = r.Chance(0.8) ? r.Pick(icmpFamily == IpFamily.IPv4 ? IcmpTypes : Icmpv6Types) : r.Between(0, 255);
            if (type == 255 && !KnownIssues.Generate)
            {
                type = 254;
            }

            int? code = r.Chance(0.3) ? (r.Chance(0.7) ? r.Between(0, 6) : r.Between(0, 255)) : null;
            others.Add(new IcmpTypeMatch(icmpFamily, type, code));
        }

        foreach (var side in new[] { AddressSide.Source, AddressSide.Destination })
        {
            if (r.Chance(0.25))
            {
                family ??= r.Chance(0.5) ? IpFamily.IPv4 : IpFamily.IPv6;
                others.Add(new AddressMatch(side, Network(r, family.Value), r.Chance(0.2)));
            }
        }

        if (hooks.All(NetfilterFacts.AllowsInInterface) && r.Chance(0.25))
        {
            others.Add(InterfaceMatch(r, InterfaceSide.In));
        }

        if (hooks.All(NetfilterFacts.AllowsOutInterface) && r.Chance(0.25))
        {
            others.Add(InterfaceMatch(r, InterfaceSide.Out));
        }

        if (r.Chance(0.2))
        {
            others.Add(Conntrack(r));
        }

        if (r.Chance(0.12))
        {
            others.Add(new MarkMatch(Mark(r), r.Chance(0.5) ? 0xffffffffu : Mark(r), r.Chance(0.2)));
        }

        if (r.Chance(0.1))
        {
            // KnownIssues.AddressTypeOnIpv6: types ip6tables cannot match only in IPv4 rules.
            bool ipv4Only = matches.Concat(others).Any(m => m.Family == IpFamily.IPv4);
            var types = ipv4Only || KnownIssues.Generate ? AddressTypes : Ipv6AddressTypes;
            others.Add(new AddressTypeMatch(r.Chance(0.5) ? AddressSide.Source : AddressSide.Destination, r.Pick(types), r.Chance(0.2)));
        }

        if (r.Chance(0.1))
        {
            others.Add(new RandomMatch(Probability(r)));
        }

        if (r.Chance(0.08))
        {
            int every = r.Chance(0.5) ? r.Between(1, 10) : r.Chance(0.8) ? r.Between(1, 100000) : int.MaxValue;
            others.Add(new NthMatch(every, r.Chance(0.5) ? 0 : (int)r.Between(0L, every - 1L)));
        }

        if (r.Chance(0.1))
        {
            var unit = r.Pick(RateUnits);
            // KnownIssues.LimitRateTooFast: at most 10000/s in any unit.
            int maxRate = unit == RateUnit.Second ? 10000 : unit == RateUnit.Minute && !KnownIssues.Generate ? 600000 : 1000000;
            int rate = r.Chance(0.6) ? r.Between(1, 100) : r.Chance(0.7) ? r.Between(1, maxRate) : maxRate;
            int burst = r.Chance(0.5) ? LimitMatch.DefaultBurst : r.Chance(0.8) ? r.Between(1, 100) : r.Between(1, 10000);
            others.Add(new LimitMatch(rate, unit, burst));
        }

        if (r.Chance(0.2))
        {
            foreach (string text in Comments(r))
            {
                others.Add(new CommentMatch(text));
            }
        }

        r.Shuffle(others);
        matches.AddRange(others);
        r.Grow((ulong)matches.Count * 2);

        Target target = jump ?? ChooseTarget(r, kind, hooks, effective, ref family);
        return new Rule(matches.ToArray(), target, new SourceLocation(SourceFile, 1, 1));
    }

    private static Target ChooseTarget(Rnd r, TableKind kind, IReadOnlyCollection<Hook> hooks, Protocol protocol, ref IpFamily? family)
    {
        bool ports = protocol is Protocol.Tcp or Protocol.Udp or Protocol.Sctp;
        bool AllIn(params Hook[] allowed) => hooks.Count > 0 && hooks.All(h => allowed.Contains(h));
        var options = new List<Func<IpFamily?, Target>>
        {
            _ => VerdictTarget.Accept,
            _ => kind != TableKind.Nat || KnownIssues.Generate ? VerdictTarget.Drop : VerdictTarget.Return, // KnownIssues.DropInNat
            _ => VerdictTarget.Return,
            _ => new LogTarget(r.Chance(0.3) ? null : LogPrefix(r), r.Chance(0.5) ? LogTarget.DefaultLevel : r.Between(0, 7)),
            _ => new MarkTarget(Mark(r), r.Chance(0.5) ? 0xffffffffu : Mark(r)),
            _ => new ConnmarkTarget((ConnmarkMode)r.Below(3), Mark(r), r.Chance(0.5) ? 0xffffffffu : Mark(r)),
        };
        if (kind == TableKind.Filter)
        {
            // A reply one family alone has (icmp-host-prohibited, icmp6-policy-fail…) only in a rule of that family.
            options.Add(f => new RejectTarget(protocol == Protocol.Tcp && r.Chance(0.3) ? RejectWith.TcpReset
                : r.Pick(RejectKinds.Where(k => k != RejectWith.TcpReset && (new RejectTarget(k).Family is not { } pinned || pinned == f)).ToArray())));
        }

        if (kind == TableKind.Raw)
        {
            options.Add(_ => NotrackTarget.Instance);
        }

        if (kind == TableKind.Mangle)
        {
            options.Add(_ => new DscpTarget(r.Between(KnownIssues.Generate ? 0 : 16, DscpTarget.MaxValue))); // KnownIssues.DscpHexDigits
        }

        if (kind == TableKind.Nat)
        {
            if (AllIn(Hook.Prerouting, Hook.Output))
            {
                options.Add(f => new DnatTarget(Host(r, f!.Value), ports && r.Chance(0.6) ? Span(r) : null));
                if (ports)
                {
                    options.Add(_ => new RedirectTarget(Span(r)));
                }
            }

            if (AllIn(Hook.Postrouting, Hook.Input))
            {
                options.Add(f => new SnatTarget(Host(r, f!.Value), ports && r.Chance(0.5) ? Span(r) : null));
            }

            if (AllIn(Hook.Postrouting))
            {
                options.Add(_ => new MasqueradeTarget(ports && r.Chance(0.4) ? Span(r) : null, r.Chance(0.3)));
                options.Add(_ => new MasqueradeTarget(ports && r.Chance(0.4) ? Span(r) : null, r.Chance(0.3)));
            }
        }

        int pick = r.Below(options.Count);
        if (pick >= 6 && kind == TableKind.Nat)
        {
            family ??= r.Chance(0.5) ? IpFamily.IPv4 : IpFamily.IPv6;
        }

        return options[pick](family);
    }

    private static PortMatch Ports(Rnd r, AddressSide side)
    {
        if (r.Chance(0.65))
        {
            return new PortMatch(side, new[] { r.Chance(0.7) ? PortSpan.Single(Port(r)) : Span(r) }, r.Chance(0.2));
        }

        // A multiport list: at most 15 entries, a range counting two.
        var spans = new List<PortSpan>();
        int budget = r.Chance(0.2) ? NetfilterFacts.MaxMultiportEntries : r.Between(2, 6);
        while (true)
        {
            var span = r.Chance(0.75) ? PortSpan.Single(Port(r)) : Span(r);
            int cost = span.IsSingle ? 1 : 2;
            if (budget < cost)
            {
                break;
            }

            spans.Add(span);
            budget -= cost;
        }

        if (spans.Count < 2)
        {
            spans.Add(PortSpan.Single(Port(r)));
        }

        return new PortMatch(side, spans.ToArray());
    }

    private static int Port(Rnd r) => r.Chance(0.1) ? r.Pick(new[] { 1, 65535 }) : r.Chance(0.5) ? r.Between(1, 1024) : r.Between(1, 65535);

    private static PortSpan Span(Rnd r)
    {
        if (r.Chance(0.4))
        {
            return PortSpan.Single(Port(r));
        }

        int a = Port(r);
        int b = Port(r);
        return new PortSpan(Math.Min(a, b), Math.Max(a, b));
    }

    private static string Network(Rnd r, IpFamily family)
    {
        byte[] bytes = new byte[family == IpFamily.IPv4 ? 4 : 16];
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)r.Below(256);
        }

        int max = bytes.Length * 8;
        // KnownIssues.MatchEverything: /0 only when known issues are generated.
        int prefix = r.Chance(0.3) ? max : r.Chance(0.05) && KnownIssues.Generate ? 0 : r.Between(1, max);
        if (!r.Chance(0.1))
        {
            // Usually a clean network; now and then host bits set (a warning, the kernel masks them).
            for (int bit = prefix; bit < max; bit++)
            {
                bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
            }
        }

        string address = new System.Net.IPAddress(bytes).ToString();
        if (family == IpFamily.IPv6 && r.Chance(0.1))
        {
            address = address.ToUpperInvariant();
        }

        return prefix == max && r.Chance(0.5) ? address : address + "/" + prefix.ToString(CultureInfo.InvariantCulture);
    }

    private static string Host(Rnd r, IpFamily family)
    {
        byte[] bytes = new byte[family == IpFamily.IPv4 ? 4 : 16];
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)r.Below(256);
        }

        return new System.Net.IPAddress(bytes).ToString();
    }

    /// <summary>An interface match; "+" (every interface) is never negated, which matches nothing and is an error.</summary>
    private static InterfaceMatch InterfaceMatch(Rnd r, InterfaceSide side)
    {
        string name = Interface(r);
        return new InterfaceMatch(side, name, name != "+" && r.Chance(0.2));
    }

    private static string Interface(Rnd r)
    {
        if (r.Chance(0.35))
        {
            return r.Pick(OddInterfaces);
        }

        // Printable ASCII the checker allows ('+' only last); '*' is nft's wildcard (RL3101), so left out.
        const string chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.!#$%&()=?@[]^`{|}~,;<>";
        int length = r.Chance(0.1) ? NetfilterFacts.MaxInterfaceNameBytes : r.Between(1, 8);
        var sb = new StringBuilder();
        for (int i = 0; i < length; i++)
        {
            sb.Append(chars[r.Below(chars.Length)]);
        }

        if (r.Chance(0.2))
        {
            sb.Length = Math.Min(sb.Length, NetfilterFacts.MaxInterfaceNameBytes - 1);
            sb.Append('+');
        }

        return sb.ToString();
    }

    private static ConntrackMatch Conntrack(Rnd r)
    {
        if (r.Chance(0.2))
        {
            // SNAT and DNAT are ct status bits in nft: alone, and not negated (RL3101 otherwise).
            return new ConntrackMatch(r.Pick(new[] { ConntrackStates.Snat, ConntrackStates.Dnat, ConntrackStates.Snat | ConntrackStates.Dnat }));
        }

        ConntrackStates states = ConntrackStates.None;
        foreach (var s in TrackStates)
        {
            if (r.Chance(0.35))
            {
                states |= s;
            }
        }

        if (states == ConntrackStates.None)
        {
            states = r.Pick(TrackStates);
        }

        return new ConntrackMatch(states, r.Chance(0.2));
    }

    private static uint Mark(Rnd r) => r.Chance(0.5) ? (uint)r.Below(256) : r.Chance(0.5) ? 1u << r.Below(32) : r.UInt();

    private static double Probability(Rnd r)
    {
        if (r.Chance(0.3))
        {
            return r.Pick(new[] { 1.0, 0.5, 1.0 / 3, 0.25, 0.1, 0.01, 0.99999999999 });
        }

        if (r.Chance(0.1))
        {
            return r.Pick(new[] { 1e-9, 1e-6, 4.6566128730773926e-10, 0.0000000005 });
        }

        double p = r.Unit();
        return p == 0 ? 1.0 : p;
    }

    private static IEnumerable<string> Comments(Rnd r)
    {
        int count = r.Chance(0.85) ? 1 : 2;
        int bytesLeft = NftValues.MaxCommentBytes - 2 * (count - 1) - 2;
        for (int i = 0; i < count; i++)
        {
            string text = Text(r, r.Chance(0.1) ? bytesLeft / count : r.Between(0, 24));
            while (Encoding.UTF8.GetByteCount(text) > bytesLeft / count)
            {
                text = text.Substring(0, text.Length - 1);
            }

            yield return text;
        }
    }

    /// <summary>Printable text without '"': ASCII mostly, words with odd characters and non-ASCII now and then.</summary>
    private static string Text(Rnd r, int length)
    {
        const string ascii = " !#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";
        var sb = new StringBuilder();
        while (sb.Length < length)
        {
            if (r.Chance(0.15))
            {
                sb.Append(r.Pick(CommentWords));
            }
            else
            {
                sb.Append(ascii[r.Below(ascii.Length)]);
            }
        }

        return sb.ToString();
    }

    private static string LogPrefix(Rnd r)
    {
        // '$' starts a variable in an nft log prefix (RL3101); KnownIssues.EmptyLogPrefix: never "".
        string text = Text(r, r.Chance(0.2) ? LogTarget.MaxPrefixBytes : r.Between(KnownIssues.Generate ? 0 : 1, 12)).Replace('$', 'S');
        if (text.Length == 0 && !KnownIssues.Generate)
        {
            text = "x";
        }

        // KnownIssues.LogPrefixBytes: within 29 bytes, not only 29 characters.
        while (!KnownIssues.Generate && Encoding.UTF8.GetByteCount(text) > LogTarget.MaxPrefixBytes)
        {
            text = text.Substring(0, text.Length - 1);
        }

        return text.Length > LogTarget.MaxPrefixBytes ? text.Substring(0, LogTarget.MaxPrefixBytes) : text;
    }
}
