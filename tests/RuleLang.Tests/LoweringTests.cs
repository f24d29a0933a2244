using System.Linq;
using NUnit.Framework;
using RuleLang.Compiler;
using RuleLang.Lowering;
using RuleLang.Model;
using RuleLang.Model.Intents;
using RuleLang.Model.Netfilter;
using static RuleLang.Testing.M;

namespace RuleLang.Tests;

public class LoweringTests
{
    private static readonly SourceLocation At = new("policy.cs", 9, 1);

    [TestCase("ingress-nginx/ingress-nginx-controller:http", "tcp", "KUBE-SVC-CG5I4G2RS3ZVWGLK")]
    [TestCase("ingress-nginx/ingress-nginx-controller:https", "tcp", "KUBE-SVC-EDNDUDH2C75GIR6O")]
    public void Service_chain_names_match_kube_proxy(string portName, string protocol, string expected)
    {
        Assert.That(KubeChainNames.Service(portName, protocol), Is.EqualTo(expected));
    }

    [TestCase("10.0.0.174:80", "KUBE-SEP-6H6KWTK54XINZYKA")]
    [TestCase("10.0.0.97:80", "KUBE-SEP-FVC7R5WK2VSWSO3E")]
    public void Endpoint_chain_names_match_kube_proxy(string endpoint, string expected)
    {
        Assert.That(KubeChainNames.Endpoint("ingress-nginx/ingress-nginx-controller:http", "tcp", endpoint), Is.EqualTo(expected));
    }

    [Test]
    public void A_service_lowers_to_kube_proxy_chains_with_falling_probabilities()
    {
        var service = new ServiceIntent("default", "web", "http", Protocol.Tcp, "10.96.0.10", 80, 30080,
            new[] { new ServiceEndpoint("10.0.0.1", 8080), new ServiceEndpoint("10.0.0.2", 8080), new ServiceEndpoint("10.0.0.3", 8080) }, At);
        var policy = Policy("cluster", new Table[0], service);

        string text = PolicyCompiler.Compile(policy).Rulesets[0].Text;
        string svc = KubeChainNames.Service("default/web:http", "tcp");
        var svcRules = text.Split('\n').Where(l => l.StartsWith("-A " + svc + " ", System.StringComparison.Ordinal)).ToArray();

        Assert.That(svcRules, Has.Length.EqualTo(3));
        Assert.That(svcRules[0], Does.Contain("--probability 0.33333333349"));
        Assert.That(svcRules[1], Does.Contain("--probability 0.50000000000"));
        Assert.That(svcRules[2], Does.Not.Contain("statistic"));
        Assert.That(text, Does.Contain("-A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES"));
        Assert.That(text, Does.Contain("-A KUBE-SERVICES -d 10.96.0.10/32 -p tcp -m comment --comment \"default/web:http cluster IP\" -m tcp --dport 80 -j " + svc));
        Assert.That(text, Does.Contain("-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000"));
        Assert.That(text, Does.Contain("-A KUBE-POSTROUTING -m comment --comment \"kubernetes service traffic requiring SNAT\" -j MASQUERADE --random-fully"));
        string sep = KubeChainNames.Endpoint("default/web:http", "tcp", "10.0.0.2:8080");
        Assert.That(text, Does.Contain($"-A {sep} -s 10.0.0.2/32 -m comment --comment \"default/web:http\" -j KUBE-MARK-MASQ"));
        Assert.That(text, Does.Contain($"-A {sep} -p tcp -m comment --comment \"default/web:http\" -j DNAT --to-destination 10.0.0.2:8080"));
        Assert.That(text, Does.Contain("--dport 30080 -j " + KubeChainNames.External("default/web:http", "tcp")));
    }

    [Test]
    public void Lowered_rules_keep_the_intent_location_so_errors_point_at_the_users_line()
    {
        var redirect = new PortRedirectIntent(Protocol.Tcp, 80, 8080, null, At);
        var lowered = PolicyLowering.Lower(Policy("web", new Table[0], redirect));
        var rules = lowered.Tables.SelectMany(t => t.Chains).SelectMany(c => c.Rules).ToArray();
        Assert.That(rules, Has.Length.EqualTo(2));
        Assert.That(rules.Select(r => r.Location), Has.All.EqualTo(At));
    }

    [Test]
    public void A_redirect_opens_the_inner_port_only_to_redirected_connections()
    {
        var policy = Policy("web", new[] { Table(TableKind.Filter, Builtin(Hook.Input, Model.Values.Verdict.Drop)) },
            new PortRedirectIntent(Protocol.Tcp, 80, 8080, null, At));
        string text = PolicyCompiler.Compile(policy).Rulesets[0].Text;
        Assert.That(text, Does.Contain("-A PREROUTING -p tcp -m tcp --dport 80 -j REDIRECT --to-ports 8080"));
        Assert.That(text, Does.Contain("-A INPUT -p tcp -m tcp --dport 8080 -m conntrack --ctstate DNAT -j ACCEPT"));
    }

    [Test]
    public void An_invalid_intent_stops_before_lowering_with_its_location()
    {
        var result = PolicyCompiler.Compile(Policy("web", new Table[0], new PortRedirectIntent(Protocol.Tcp, 80, 70000, null, At)));
        var error = result.Diagnostics.Single();
        Assert.That(error.Id, Is.EqualTo("RL0103"));
        Assert.That(error.Location, Is.EqualTo(At));
        Assert.That(result.Lowered, Is.Null);
    }
}

public class ModelTests
{
    [Test]
    public void Addresses_are_parsed_once_and_again_after_with()
    {
        var dnat = new Model.Targets.DnatTarget("10.0.0.1", Model.Values.PortSpan.Single(80));
        Assert.That(dnat.Host?.ToString(), Is.EqualTo("10.0.0.1/32"));
        var moved = dnat with { Address = "2001:db8::1" };
        Assert.That(moved.Host?.ToString(), Is.EqualTo("2001:db8::1/128"));
        Assert.That(moved.Family, Is.EqualTo(Model.Netfilter.IpFamily.IPv6));
        Assert.That(dnat with { Address = "nonsense" }, Has.Property("Host").Null);

        var source = new Model.Matches.AddressMatch(Model.Values.AddressSide.Source, "10.0.0.0/8");
        Assert.That((source with { Address = "192.168.0.0/16" }).Network?.ToString(), Is.EqualTo("192.168.0.0/16"));
        Assert.That(source, Is.EqualTo(new Model.Matches.AddressMatch(Model.Values.AddressSide.Source, "10.0.0.0/8")));
    }
}
