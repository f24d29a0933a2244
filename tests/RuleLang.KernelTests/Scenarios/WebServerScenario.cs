using System;
using System.Collections.Generic;
using RuleLang.Examples.WebServer;
using RuleLang.KernelTests.Harness;

namespace RuleLang.KernelTests.Scenarios;

/// <summary>
/// The web server (dual stack) between an office LAN and the outside:
/// <code>
///   lan 192.168.1.10, 2001:db8:1::10 ── [server] ── outside 203.0.113.10, 2001:db8:9::10
/// </code>
/// Listeners (all dual stack) on 22 "ssh", 443 "https", 8080 "app", 3306 "mysql", and UDP 53 "dns".
/// </summary>
public sealed class WebServerScenario : Scenario
{
    public const string LanClientV4 = "192.168.1.10";
    public const string LanServerV4 = "192.168.1.1";
    public const string LanClientV6 = "2001:db8:1::10";
    public const string LanServerV6 = "2001:db8:1::1";
    public const string OutsideClientV4 = "203.0.113.10";
    public const string OutsideServerV4 = "203.0.113.1";
    public const string OutsideClientV6 = "2001:db8:9::10";
    public const string OutsideServerV6 = "2001:db8:9::1";

    private WebServerScenario(Backend backend)
        : base(backend)
    {
    }

    public NetNamespace Server => Host("server");

    public NetNamespace Lan => Host("lan");

    public NetNamespace Outside => Host("outside");

    public static WebServerScenario Build(Func<string, NetNamespace> create, Backend backend)
    {
        var s = new WebServerScenario(backend);
        NetNamespace server = s.AddHost("server", create);
        NetNamespace lan = s.AddHost("lan", create);
        NetNamespace outside = s.AddHost("outside", create);
        Topology.Connect(lan, new[] { LanClientV4 + "/24", LanClientV6 + "/64" }, server, new[] { LanServerV4 + "/24", LanServerV6 + "/64" });
        Topology.Connect(outside, new[] { OutsideClientV4 + "/24", OutsideClientV6 + "/64" }, server, new[] { OutsideServerV4 + "/24", OutsideServerV6 + "/64" });

        // Dual-stack listeners ("::" also takes IPv4), started before the rules so readiness probes are not filtered.
        s.Serve(Traffic.StartTcpServer(server, "::", 22, "ssh"));
        s.Serve(Traffic.StartTcpServer(server, "::", 443, "https"));
        s.Serve(Traffic.StartTcpServer(server, "::", 8080, "app"));
        s.Serve(Traffic.StartTcpServer(server, "::", 3306, "mysql"));
        s.Serve(Traffic.StartUdpServer(server, OutsideServerV4, 53, "dns"));
        s.Serve(Traffic.StartUdpServer(server, OutsideServerV6, 53, "dns"));

        s.Rulesets = BackendLoader.Load(backend, server, "WebServer", new WebServerPolicy().Build().Name);
        return s;
    }

    public override IReadOnlyList<Flow> Flows { get; } = new[]
    {
        new Flow("ssh from the office LAN (v4)", "lan", FlowKind.Tcp, LanServerV4, 22, "Connected(ssh)"),
        new Flow("ssh from the office LAN (v6)", "lan", FlowKind.Tcp, LanServerV6, 22, "Connected(ssh)"),
        new Flow("ssh from outside (v4)", "outside", FlowKind.Tcp, OutsideServerV4, 22, "TimedOut"),
        new Flow("ssh from outside (v6)", "outside", FlowKind.Tcp, OutsideServerV6, 22, "TimedOut"),
        new Flow("https from outside (v4)", "outside", FlowKind.Tcp, OutsideServerV4, 443, "Connected(https)"),
        new Flow("https from outside (v6)", "outside", FlowKind.Tcp, OutsideServerV6, 443, "Connected(https)"),
        new Flow("https from the LAN (v4)", "lan", FlowKind.Tcp, LanServerV4, 443, "Connected(https)"),
        new Flow("80 redirected to 8080 (v4)", "outside", FlowKind.Tcp, OutsideServerV4, 80, "Connected(app)"),
        new Flow("80 redirected to 8080 (v6)", "outside", FlowKind.Tcp, OutsideServerV6, 80, "Connected(app)"),
        new Flow("80 redirected to 8080 from the LAN (v6)", "lan", FlowKind.Tcp, LanServerV6, 80, "Connected(app)"),
        new Flow("8080 itself from outside (v4)", "outside", FlowKind.Tcp, OutsideServerV4, 8080, "TimedOut"),
        new Flow("8080 itself from outside (v6)", "outside", FlowKind.Tcp, OutsideServerV6, 8080, "TimedOut"),
        new Flow("mysql from outside (v4)", "outside", FlowKind.Tcp, OutsideServerV4, 3306, "TimedOut"),
        new Flow("mysql from outside (v6)", "outside", FlowKind.Tcp, OutsideServerV6, 3306, "TimedOut"),
        new Flow("mysql from the LAN (v4)", "lan", FlowKind.Tcp, LanServerV4, 3306, "TimedOut"),
        new Flow("udp 53 from outside (v4)", "outside", FlowKind.Udp, OutsideServerV4, 53, "TimedOut"),
        new Flow("udp 53 from outside (v6)", "outside", FlowKind.Udp, OutsideServerV6, 53, "TimedOut"),
        new Flow("ping from outside (v4)", "outside", FlowKind.Ping, OutsideServerV4, 0, "Connected(echo-reply)"),
        new Flow("ping from outside (v6)", "outside", FlowKind.Ping, OutsideServerV6, 0, "Connected(echo-reply)"),
        new Flow("ping from the LAN (v4)", "lan", FlowKind.Ping, LanServerV4, 0, "Connected(echo-reply)"),
    };
}
