using System.Linq;
using NUnit.Framework;
using RuleLang.Compiler;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;

namespace RuleLang.Tests.Symbolic;

public class AssertionTests
{
    private sealed class Host : PolicyDefinition
    {
        private readonly System.Action<PolicyBuilder> _extra;

        public Host(System.Action<PolicyBuilder> extra) => _extra = extra;

        public override string Name => "host";

        protected override void Define(PolicyBuilder p)
        {
            var input = p.Filter.Input;
            input.Policy(Verdict.Drop);
            input.Rule().InInterface("lo").Accept();
            input.Rule().State(ConntrackStates.Established | ConntrackStates.Related).Accept();
            _extra(p);
            input.Tcp().DestinationPort(22).Source("192.168.1.0/24").Accept();
            input.Tcp().DestinationPort(443).Accept();
        }
    }

    private static PolicyDiagnostic[] Findings(System.Action<PolicyBuilder> define) =>
        PolicyCompiler.Compile(new Host(define).Build()).Diagnostics.Where(d => d.Id is "RL1207" or "RL1208").ToArray();

    [Test]
    public void True_invariants_hold()
    {
        var findings = Findings(p =>
        {
            p.Assert("ssh only from the office").Tcp().DestinationPort(22).Source("192.168.1.0/24", not: true).InInterface("lo", not: true).IsDropped();
            p.Assert("https is open").Tcp().DestinationPort(443).IsAccepted();
            p.Assert("no mysql").Tcp().InInterface("lo", not: true).NeverReaches(3306);
            p.Assert("ssh from the office").Tcp().DestinationPort(22).Source("192.168.1.0/24").IsAccepted();
        });
        Assert.That(findings, Is.Empty);
    }

    [Test]
    public void A_single_earlier_rule_that_lets_traffic_through_breaks_the_assertion_and_is_named()
    {
        var findings = Findings(p =>
        {
            p.Filter.Input.Tcp().Source("203.0.113.0/24").Accept();
            p.Assert("ssh only from the office").Tcp().DestinationPort(22).Source("192.168.1.0/24", not: true).InInterface("lo", not: true).IsDropped();
        });
        var finding = findings.Single();
        Assert.That(finding.Id, Is.EqualTo("RL1207"));
        Assert.That(finding.Severity, Is.EqualTo(Severity.Error));
        Assert.That(finding.Location.File, Does.EndWith("AssertionTests.cs"));
        Assert.That(finding.Message, Does.Match(
            @"^assertion ""ssh only from the office"" does not hold: tcp 203\.0\.113\.5:40000 -> [0-9.]+:22 iif \S+ is accepted by filter INPUT rule 3 \(.*AssertionTests\.cs\(\d+,1\)\)$"));

        // The counterexample is a real packet: traced concretely, it is accepted.
        var policy = new Host(p => p.Filter.Input.Tcp().Source("203.0.113.0/24").Accept()).Build();
        string packet = finding.Message.Split(": ", 2)[1].Split(" is accepted")[0];
        var trace = Analysis.Trace.PacketTracer.Trace(policy, Analysis.Trace.PacketParser.Parse(packet).Packet!);
        Assert.That(trace.Outcomes.Select(o => o.Verdict), Is.EqualTo(new[] { Analysis.Trace.TraceVerdict.Accepted }), packet);
    }

    [Test]
    public void The_interface_exception_matters_loopback_traffic_breaks_an_assertion_that_forgets_it()
    {
        var finding = Findings(p => p.Assert("ssh only from the office").Tcp().DestinationPort(22).Source("192.168.1.0/24", not: true).IsDropped()).Single();
        Assert.That(finding.Message, Does.Contain("iif lo is accepted by filter INPUT rule 1"));
    }

    [Test]
    public void A_false_acceptance_reports_the_policy_that_drops()
    {
        var finding = Findings(p => p.Assert("alt https").Tcp().DestinationPort(8443).InInterface("eth0").IsAccepted()).Single();
        Assert.That(finding.Message, Does.Contain(":8443 iif eth0 is dropped by filter INPUT policy"));
    }

    [Test]
    public void Established_traffic_is_only_covered_when_the_assertion_names_the_state()
    {
        var finding = Findings(p => p.Assert("no ssh replies").Tcp().DestinationPort(22).Source("192.168.1.0/24", not: true)
            .State(ConntrackStates.Established).InInterface("eth0").IsDropped()).Single();
        Assert.That(finding.Message, Does.Contain("state established is accepted by filter INPUT rule 2"));
    }

    [Test]
    public void Never_reaches_sees_through_port_forwarding()
    {
        Assert.That(Findings(p => p.Assert("no mysql").Tcp().InInterface("lo", not: true).NeverReaches(3306)), Is.Empty);
        Assert.That(Findings(p => p.Assert("no mysql").Tcp().NeverReaches(3306)).Single().Message, Does.Contain("3306 iif lo is accepted by filter INPUT rule 1"),
            "loopback traffic is accepted to any port");
        var finding = Findings(p =>
        {
            p.ForwardPort(Protocol.Tcp, 13306, "10.0.0.5", 3306);
            p.Assert("no mysql").Tcp().InInterface("lo", not: true).NeverReaches(3306);
        }).Single();
        Assert.That(finding.Message, Does.Contain(":13306 iif ").And.Contain("is forwarded (DNAT 10.0.0.5:3306) by filter FORWARD rule"));
    }

    [Test]
    public void Reaches_only_holds_for_the_endpoints_of_a_service_and_fails_for_a_missing_one()
    {
        void Service(PolicyBuilder p, params (string, int)[] endpoints) =>
            p.Service("ingress-nginx", "ingress-nginx-controller", "http", Protocol.Tcp, "10.102.84.62", 80, endpoints);

        Assert.That(Findings(p =>
        {
            Service(p, ("10.0.0.174", 80), ("10.0.0.97", 80));
            p.Assert("ingress").Tcp().Destination("10.102.84.62").DestinationPort(80).ReachesOnly("10.0.0.174:80", "10.0.0.97:80");
        }), Is.Empty);

        var finding = Findings(p =>
        {
            Service(p, ("10.0.0.174", 80), ("10.0.0.97", 80), ("10.0.0.66", 80));
            p.Assert("ingress").Tcp().Destination("10.102.84.62").DestinationPort(80).ReachesOnly("10.0.0.174:80", "10.0.0.97:80");
        }).Single();
        Assert.That(finding.Message, Does.Contain("-> 10.102.84.62:80 iif ").And.Contain("may be forwarded (DNAT 10.0.0.66:80").And.Contain("after DNAT 10.0.0.66:80 at nat KUBE-SEP-"));
    }

    [Test]
    public void An_assertion_with_an_unparsable_endpoint_is_undecided_not_a_crash()
    {
        var finding = Findings(p => p.Assert("bad").Tcp().ReachesOnly("10.0.0.1:99999")).Single();
        Assert.That(finding.Id, Is.EqualTo("RL1208"));
    }

    [Test]
    public void Values_out_of_range_are_reported_as_the_checker_reports_them_in_rules()
    {
        var diagnostics = PolicyCompiler.Compile(new Host(p =>
        {
            p.Assert("db").Tcp().NeverReaches(70000);
            p.Assert("bad address").Tcp().Source("10.0.0.300").IsDropped();
        }).Build()).Diagnostics;
        Assert.That(diagnostics.Where(d => d.IsError).Select(d => d.Id), Is.EqualTo(new[] { "RL0103", "RL0101" }));
    }

    [Test]
    public void Assertions_compare_element_by_element_so_a_policy_built_twice_has_equal_assertions()
    {
        // Port matches carry a list of their own (compared by reference, as in rules), so this one names none.
        var definition = new Host(p => p.Assert("office reaches the host").Tcp().Source("192.168.1.0/24").InInterface("eth0").IsAccepted());
        Assert.That(definition.Build().Assertions, Is.EqualTo(definition.Build().Assertions));
        Assert.That(definition.Build().Assertions[0], Is.EqualTo(definition.Build().Assertions[0]));
    }
}
