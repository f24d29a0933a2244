using System;
using System.Collections.Generic;
using System.Linq;
using CsCheck;
using RuleLang.Model;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;

namespace RuleLang.KernelTests.Properties;

/// <summary>
/// A valid policy with one known defect injected: the rule (or chain) that carries it is marked with line
/// <see cref="DefectLine"/>, every diagnostic about it must point there, and nothing else in the policy is wrong.
/// </summary>
/// <param name="ExpectedId">The diagnostic the checker must report.</param>
/// <param name="KernelRefuses">
/// True: iptables-restore must refuse the ruleset rendered regardless of the checker (and accept the same policy
/// without the defect). False: the kernel accepts it and RuleLang is stricter on purpose (as the fact corpus
/// documents: probability 0, port 0, a log prefix or comment the kernel would cut, -i reached from OUTPUT through
/// a user chain). Null: not asserted (the renderer cannot print it faithfully, e.g. an invalid address).
/// </param>
public sealed record InvalidCase(string Defect, string ExpectedId, bool? KernelRefuses, Policy Policy, Policy Base)
{
    public const int DefectLine = 9999;

    public override string ToString() => $"{Defect} (expects {ExpectedId})";
}

/// <summary>Random valid policies from <see cref="ValidPolicyGen"/>, each with one defect from a catalogue of the checker's facts.</summary>
public sealed class InvalidPolicyGen : Gen<InvalidCase>
{
    private static readonly SourceLocation At = new(ValidPolicyGen.SourceFile, InvalidCase.DefectLine, 1);
    private readonly ValidPolicyGen _valid = new();

    private delegate InvalidCase Injector(Rnd r, Policy policy);

    private static readonly (string Name, Injector Inject)[] Defects =
    {
        ("DNAT in filter", (r, p) => InRule(r, p, "DNAT in filter", "RL2101", true, TableKind.Filter, AnyChain, Rule(new DnatTarget("10.0.0.2")))),
        ("REJECT in mangle", (r, p) => InRule(r, p, "REJECT in mangle", "RL2101", true, TableKind.Mangle, AnyChain, Rule(new RejectTarget()))),
        ("REJECT in nat", (r, p) => InRule(r, p, "REJECT in nat", "RL2101", true, TableKind.Nat, AnyChain, Rule(new RejectTarget()))),
        ("CT --notrack in filter", (r, p) => InRule(r, p, "CT --notrack in filter", "RL2101", true, TableKind.Filter, AnyChain, Rule(NotrackTarget.Instance))),
        ("DSCP in nat", (r, p) => InRule(r, p, "DSCP in nat", "RL2101", true, TableKind.Nat, AnyChain, Rule(new DscpTarget(10)))),
        ("DNAT in nat POSTROUTING", (r, p) => InRule(r, p, "DNAT in nat POSTROUTING", "RL2102", true, TableKind.Nat, Builtin(Hook.Postrouting), Rule(new DnatTarget("10.0.0.2")))),
        ("SNAT in nat PREROUTING", (r, p) => InRule(r, p, "SNAT in nat PREROUTING", "RL2102", true, TableKind.Nat, Builtin(Hook.Prerouting), Rule(new SnatTarget("192.0.2.1")))),
        ("MASQUERADE in nat OUTPUT", (r, p) => InRule(r, p, "MASQUERADE in nat OUTPUT", "RL2102", true, TableKind.Nat, Builtin(Hook.Output), Rule(new MasqueradeTarget()))),
        ("REDIRECT in nat INPUT", (r, p) => InRule(r, p, "REDIRECT in nat INPUT", "RL2102", true, TableKind.Nat, Builtin(Hook.Input), Rule(new RedirectTarget(PortSpan.Single(8080)), new ProtocolMatch(Protocol.Tcp)))),
        ("-i in OUTPUT", (r, p) => InRule(r, p, "-i in OUTPUT", "RL2103", true, OneOf(r, TableKind.Raw, TableKind.Mangle, TableKind.Nat, TableKind.Filter, TableKind.Security), Builtin(Hook.Output), Rule(VerdictTarget.Accept, new InterfaceMatch(InterfaceSide.In, "eth0")))),
        ("-i in POSTROUTING", (r, p) => InRule(r, p, "-i in POSTROUTING", "RL2103", true, OneOf(r, TableKind.Mangle, TableKind.Nat), Builtin(Hook.Postrouting), Rule(VerdictTarget.Accept, new InterfaceMatch(InterfaceSide.In, "eth0")))),
        ("-o in PREROUTING", (r, p) => InRule(r, p, "-o in PREROUTING", "RL2104", true, OneOf(r, TableKind.Raw, TableKind.Mangle, TableKind.Nat), Builtin(Hook.Prerouting), Rule(VerdictTarget.Accept, new InterfaceMatch(InterfaceSide.Out, "eth0")))),
        ("-o in INPUT", (r, p) => InRule(r, p, "-o in INPUT", "RL2104", true, OneOf(r, TableKind.Mangle, TableKind.Filter, TableKind.Security), Builtin(Hook.Input), Rule(VerdictTarget.Accept, new InterfaceMatch(InterfaceSide.Out, "eth0")))),
        ("port without a protocol", (r, p) => InRule(r, p, "port without a protocol", "RL2105", true, AnyTable(r), AnyChain, Rule(VerdictTarget.Accept, new PortMatch(AddressSide.Destination, new[] { PortSpan.Single(22) })))),
        ("port with -p icmp", (r, p) => InRule(r, p, "port with -p icmp", "RL2105", true, AnyTable(r), AnyChain, Rule(VerdictTarget.Accept, new ProtocolMatch(Protocol.Icmp), new PortMatch(AddressSide.Source, new[] { PortSpan.Single(53) })))),
        ("NAT to a port without a protocol", (r, p) => InRule(r, p, "NAT to a port without a protocol", "RL2106", true, TableKind.Nat, Builtin(Hook.Prerouting), Rule(new DnatTarget("10.0.0.2", PortSpan.Single(22))))),
        ("ICMP type without -p icmp", (r, p) => InRule(r, p, "ICMP type without -p icmp", "RL2107", true, AnyTable(r), AnyChain, Rule(VerdictTarget.Accept, new IcmpTypeMatch(IpFamily.IPv4, 8)))),
        ("tcp-reset without -p tcp", (r, p) => InRule(r, p, "tcp-reset without -p tcp", "RL2108", true, TableKind.Filter, AnyChain, Rule(new RejectTarget(RejectWith.TcpReset), new ProtocolMatch(Protocol.Udp)))),
        ("jump to a missing chain", (r, p) => InRule(r, p, "jump to a missing chain", "RL1201", true, AnyTable(r), AnyChain, Rule(new JumpTarget("NO-SUCH-CHAIN")))),
        // From INPUT, so that the jump cannot also close a loop (a chain reached from OUTPUT jumping to OUTPUT would).
        ("jump to a built-in chain", (r, p) => InRule(r, p, "jump to a built-in chain", "RL1205", true, TableKind.Filter, Builtin(Hook.Input), Rule(new JumpTarget(r.Pick(new[] { "OUTPUT", "FORWARD" }))))),
        ("a chain that jumps to itself", (r, p) => Loop(r, p)),
        ("probability above 1", (r, p) => InRule(r, p, "probability above 1", "RL0108", true, AnyTable(r), AnyChain, Rule(VerdictTarget.Accept, new RandomMatch(r.Pick(new[] { 1.5, 2.0, 1.0000001 }))))),
        ("probability below 0", (r, p) => InRule(r, p, "probability below 0", "RL0108", true, AnyTable(r), AnyChain, Rule(VerdictTarget.Accept, new RandomMatch(-0.25)))),
        ("probability 0", (r, p) => InRule(r, p, "probability 0", "RL0108", false, AnyTable(r), AnyChain, Rule(VerdictTarget.Accept, new RandomMatch(0)))),
        ("interface name too long", (r, p) => InRule(r, p, "interface name too long", "RL0105", true, OneOf(r, TableKind.Filter, TableKind.Mangle), Builtin(Hook.Forward), Rule(VerdictTarget.Accept, new InterfaceMatch(InterfaceSide.In, new string('i', r.Between(16, 24)))))),
        ("chain name too long", (r, p) => NewChain(r, p, "chain name too long", "RL0106", true, new string('C', r.Between(29, 40)))),
        ("chain named like a verdict", (r, p) => NewChain(r, p, "chain named like a verdict", "RL0106", true, r.Pick(new[] { "DROP", "ACCEPT", "RETURN" }))),
        // iptables 1.8.9 creates a chain named LOG, MARK or REJECT, but then every -j LOG of the table means the chain
        // and its --log-prefix is refused: the kernel's verdict depends on the rest of the table, so it is not asserted.
        ("chain named like an extension target", (r, p) => NewChain(r, p, "chain named like an extension target", "RL0106", null, r.Pick(new[] { "LOG", "MARK", "REJECT" }))),
        ("port 0", (r, p) => InRule(r, p, "port 0", "RL0103", false, AnyTable(r), AnyChain, Rule(VerdictTarget.Accept, new ProtocolMatch(Protocol.Tcp), new PortMatch(AddressSide.Destination, new[] { PortSpan.Single(0) })))),
        ("tcp port above 65535", (r, p) => InRule(r, p, "tcp port above 65535", "RL0103", true, AnyTable(r), AnyChain, Rule(VerdictTarget.Accept, new ProtocolMatch(Protocol.Tcp), new PortMatch(AddressSide.Destination, new[] { PortSpan.Single(r.Between(65536, 99999)) })))),
        // iptables 1.8.9 takes a udp port above 65535 and keeps it modulo 65536 (70000 becomes 4464): stricter on purpose.
        ("udp port above 65535", (r, p) => InRule(r, p, "udp port above 65535", "RL0103", false, AnyTable(r), AnyChain, Rule(VerdictTarget.Accept, new ProtocolMatch(Protocol.Udp), new PortMatch(AddressSide.Destination, new[] { PortSpan.Single(r.Between(65536, 99999)) })))),
        ("port range backwards", (r, p) => InRule(r, p, "port range backwards", "RL0104", true, AnyTable(r), AnyChain, Rule(VerdictTarget.Accept, new ProtocolMatch(Protocol.Tcp), new PortMatch(AddressSide.Source, new[] { new PortSpan(2000, 1000) })))),
        ("16 multiport entries", (r, p) => InRule(r, p, "16 multiport entries", "RL0110", true, AnyTable(r), AnyChain, Rule(VerdictTarget.Accept, new ProtocolMatch(Protocol.Tcp), new PortMatch(AddressSide.Destination, Enumerable.Range(1, 16).Select(PortSpan.Single).ToArray())))),
        ("DSCP above 63", (r, p) => InRule(r, p, "DSCP above 63", "RL0111", true, TableKind.Mangle, AnyChain, Rule(new DscpTarget(r.Between(64, 255))))),
        ("log prefix of 30 characters", (r, p) => InRule(r, p, "log prefix of 30 characters", "RL0111", false, AnyTable(r), AnyChain, Rule(new LogTarget(new string('p', 30))))),
        ("comment of 256 characters", (r, p) => InRule(r, p, "comment of 256 characters", "RL0107", false, AnyTable(r), AnyChain, Rule(VerdictTarget.Accept, new CommentMatch(new string('c', 256))))),
        ("IPv4 and IPv6 in one rule", (r, p) => InRule(r, p, "IPv4 and IPv6 in one rule", "RL0109", null, AnyTable(r), AnyChain, Rule(VerdictTarget.Accept, new AddressMatch(AddressSide.Source, "10.0.0.0/8"), new AddressMatch(AddressSide.Destination, "2001:db8::/32")))),
        ("an address that is none", (r, p) => InRule(r, p, "an address that is none", "RL0101", null, AnyTable(r), AnyChain, Rule(VerdictTarget.Accept, new AddressMatch(AddressSide.Source, r.Pick(new[] { "10.1", "256.1.1.1", "10.0.0.0/33", "010.0.0.1", "2001:db8::1::2", "" }))))),
        ("-i in a user chain reached only from OUTPUT", (r, p) => UserChainFromOutput(r, p)),
    };

    public override InvalidCase Generate(PCG pcg, Size? min, out Size size)
    {
        Policy valid = _valid.Generate(pcg, null, out Size baseSize);
        var r = new Rnd(pcg);
        var (_, inject) = Defects[r.Below(Defects.Length)];
        InvalidCase c = inject(r, valid);
        size = new Size(baseSize.I + 1);
        return c;
    }

    /// <summary>The names of the defects in the catalogue.</summary>
    public static IEnumerable<string> Names => Defects.Select(d => d.Name);

    private static Rule Rule(Target target, params Match[] matches) => new(matches, target, At);

    private static TableKind OneOf(Rnd r, params TableKind[] kinds) => r.Pick(kinds);

    private static TableKind AnyTable(Rnd r) => r.Pick((TableKind[])Enum.GetValues(typeof(TableKind)));

    /// <summary>Chooses the chain of a table the defect goes into.</summary>
    private delegate Chain? ChainChoice(Rnd r, Table table);

    private static Chain? AnyChain(Rnd r, Table t) => r.Pick(t.Chains);

    private static ChainChoice Builtin(Hook hook) => (_, t) => t.Chains.FirstOrDefault(c => c.Hook == hook);

    private static Table TableOf(Policy policy, TableKind kind) =>
        policy.FindTable(kind) ?? Testing.M.Table(kind);

    private static Policy WithTable(Policy policy, Table table) => policy with
    {
        Tables = policy.FindTable(table.Kind) is null
            ? policy.Tables.Append(table).ToArray()
            : policy.Tables.Select(t => t.Kind == table.Kind ? table : t).ToArray(),
    };

    private static InvalidCase InRule(Rnd r, Policy valid, string defect, string id, bool? kernelRefuses, TableKind kind, ChainChoice choose, Rule bad)
    {
        Table table = TableOf(valid, kind);
        Policy basePolicy = WithTable(valid, table);
        Chain chain = choose(r, table) ?? throw new InvalidOperationException($"{defect}: no such chain in {table.Name}");
        var rules = chain.Rules.ToList();
        rules.Insert(r.Below(rules.Count + 1), bad);
        Table changed = table with { Chains = table.Chains.Select(c => c == chain ? c with { Rules = rules } : c).ToArray() };
        return new InvalidCase(defect, id, kernelRefuses, WithTable(valid, changed), basePolicy);
    }

    /// <summary>A new user chain with a bad name, jumped to from a built-in chain of filter.</summary>
    private static InvalidCase NewChain(Rnd r, Policy valid, string defect, string id, bool? kernelRefuses, string name)
    {
        Table table = TableOf(valid, TableKind.Filter);
        Policy basePolicy = WithTable(valid, table);
        Chain caller = r.Pick(table.Chains.Where(c => c.IsBuiltin).ToArray());
        var rules = caller.Rules.ToList();
        rules.Insert(r.Below(rules.Count + 1), Rule(new JumpTarget(name)));
        var chains = table.Chains.Select(c => c == caller ? c with { Rules = rules } : c).ToList();
        chains.Add(Chain.User(name, new[] { Rule(VerdictTarget.Accept) }, At));
        return new InvalidCase(defect, id, kernelRefuses, WithTable(valid, table with { Chains = chains }), basePolicy);
    }

    /// <summary>A user chain that jumps (or goes) to itself; a new one, called from a built-in chain, when the table has none.</summary>
    private static InvalidCase Loop(Rnd r, Policy valid)
    {
        TableKind kind = AnyTable(r);
        Table table = TableOf(valid, kind);
        Policy basePolicy = WithTable(valid, table);
        var users = table.Chains.Where(c => !c.IsBuiltin).ToArray();
        var self = new JumpTarget("LOOP", r.Chance(0.3));
        List<Chain> chains;
        if (users.Length > 0 && r.Chance(0.6))
        {
            Chain chain = r.Pick(users);
            var rules = chain.Rules.ToList();
            rules.Insert(r.Below(rules.Count + 1), Rule(self with { Chain = chain.Name }, new ProtocolMatch(Protocol.Udp)));
            chains = table.Chains.Select(c => c == chain ? c with { Rules = rules } : c).ToList();
        }
        else
        {
            Chain caller = r.Pick(table.Chains.Where(c => c.IsBuiltin).ToArray());
            var rules = caller.Rules.ToList();
            rules.Insert(r.Below(rules.Count + 1), Rule(new JumpTarget("LOOP-A")));
            chains = table.Chains.Select(c => c == caller ? c with { Rules = rules } : c).ToList();
            chains.Add(Chain.User("LOOP-A", new[] { Rule(new JumpTarget("LOOP-B")) }, At));
            chains.Add(Chain.User("LOOP-B", new[] { Rule(new JumpTarget("LOOP-A", r.Chance(0.3)), new ProtocolMatch(Protocol.Tcp)) }, At));
        }

        return new InvalidCase("a chain that jumps to itself", "RL1202", true, WithTable(valid, table with { Chains = chains }), basePolicy);
    }

    /// <summary>
    /// -i in a new user chain that only OUTPUT calls: the kernel checks -i in built-in chains only, so it loads a rule
    /// that can never match. (Called from INPUT as well, the rule would match there, and that is no defect.)
    /// </summary>
    private static InvalidCase UserChainFromOutput(Rnd r, Policy valid)
    {
        TableKind kind = OneOf(r, TableKind.Filter, TableKind.Mangle);
        Table table = TableOf(valid, kind);
        Policy basePolicy = WithTable(valid, table);
        var chains = table.Chains.Select(c => c.Hook is Hook.Output
            ? c with { Rules = c.Rules.Append(Rule(new JumpTarget("FROM-LAN"))).ToArray() }
            : c).ToList();
        chains.Add(Chain.User("FROM-LAN", new[] { Rule(VerdictTarget.Accept, new InterfaceMatch(InterfaceSide.In, "eth0")) }, At));
        return new InvalidCase("-i in a user chain reached only from OUTPUT", "RL2103", false, WithTable(valid, table with { Chains = chains }), basePolicy);
    }
}
