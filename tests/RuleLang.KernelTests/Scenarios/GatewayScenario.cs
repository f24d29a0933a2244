using System;
using System.Collections.Generic;
using RuleLang.Examples.Gateway;
using RuleLang.KernelTests.Harness;

namespace RuleLang.KernelTests.Scenarios;

/// <summary>
/// The gateway with interfaces named lan0 and wan0, between a LAN (a switch namespace bridging the gateway, an
/// inner server and a LAN client) and an outside host, dual stack although the gateway only routes IPv4:
/// <code>
///   inner 10.0.0.2 / ::2  ─┐
///                          ├─ br0 (switch) ── lan0 10.0.0.1 [gateway] 198.51.100.1 wan0 ── outside 198.51.100.10
///   client 10.0.0.3 / ::3 ─┘                     2001:db8:10::1     2001:db8:20::1            2001:db8:20::10
/// </code>
/// Listeners: inner tcp 22 "inner", client tcp 8000 "lan-client", gateway tcp 22 "gateway", gateway udp 8125
/// "metrics" (on its LAN and WAN addresses) and udp 9999 "other", outside tcp 80 answering with the peer
/// address it sees (so masquerading shows).
/// </summary>
public sealed class GatewayScenario : Scenario
{
    public const string GatewayLan = "10.0.0.1";
    public const string LanClient = "10.0.0.3";
    public const string GatewayWan = "198.51.100.1";
    public const string OutsideHost = "198.51.100.10";
    public const string GatewayLanV6 = "2001:db8:10::1";
    public const string InnerServerV6 = "2001:db8:10::2";
    public const string LanClientV6 = "2001:db8:10::3";
    public const string GatewayWanV6 = "2001:db8:20::1";
    public const string OutsideHostV6 = "2001:db8:20::10";
    public const int LanClientPort = 8000;
    public const int OtherUdpPort = 9999;

    private GatewayScenario(Backend backend)
        : base(backend)
    {
    }

    public NetNamespace Gateway => Host("gw");

    public NetNamespace Inner => Host("inner");

    public NetNamespace Client => Host("lanclient");

    public NetNamespace Outside => Host("outside");

    public static GatewayScenario Build(Func<string, NetNamespace> create, Backend backend)
    {
        var s = new GatewayScenario(backend);
        NetNamespace gateway = s.AddHost("gw", create);
        NetNamespace lanSwitch = s.AddHost("lanswitch", create);
        NetNamespace inner = s.AddHost("inner", create);
        NetNamespace client = s.AddHost("lanclient", create);
        NetNamespace outside = s.AddHost("outside", create);

        Topology.ConnectNamed(gateway, GatewayPolicy.Lan, new[] { GatewayLan + "/24", GatewayLanV6 + "/64" }, lanSwitch, "port0", Array.Empty<string>());
        Link innerLink = Topology.Connect(inner, new[] { GatewayPolicy.InnerServer + "/24", InnerServerV6 + "/64" }, lanSwitch, Array.Empty<string>());
        Link clientLink = Topology.Connect(client, new[] { LanClient + "/24", LanClientV6 + "/64" }, lanSwitch, Array.Empty<string>());
        Topology.AddBridge(lanSwitch, "br0", "port0", innerLink.InterfaceB, clientLink.InterfaceB);
        Topology.ConnectNamed(gateway, GatewayPolicy.Wan, new[] { GatewayWan + "/24", GatewayWanV6 + "/64" }, outside, "eth0", new[] { OutsideHost + "/24", OutsideHostV6 + "/64" });

        foreach (NetNamespace lanHost in new[] { inner, client })
        {
            Topology.AddDefaultRoute(lanHost, GatewayLan);
            Topology.AddDefaultRoute(lanHost, GatewayLanV6);
        }

        // A way back into the LAN exists, through the gateway: what keeps the outside out must be the firewall.
        Topology.AddRoute(outside, GatewayPolicy.LanNetwork, GatewayWan);
        Topology.AddRoute(outside, "2001:db8:10::/64", GatewayWanV6);
        gateway.EnableForwarding();

        s.Serve(Traffic.StartTcpServer(inner, "::", 22, "inner"));
        s.Serve(Traffic.StartTcpServer(client, "::", LanClientPort, "lan-client"));
        s.Serve(Traffic.StartTcpServer(gateway, "::", 22, "gateway"));
        s.Serve(Traffic.StartUdpServer(gateway, GatewayLan, GatewayPolicy.MetricsPort, "metrics"));
        s.Serve(Traffic.StartUdpServer(gateway, GatewayWan, GatewayPolicy.MetricsPort, "metrics"));
        s.Serve(Traffic.StartUdpServer(gateway, GatewayLanV6, GatewayPolicy.MetricsPort, "metrics"));
        s.Serve(Traffic.StartUdpServer(gateway, GatewayLan, OtherUdpPort, "other"));
        s.Serve(Traffic.StartTcpPeerAddressServer(outside, OutsideHost, 80));
        s.Serve(Traffic.StartTcpPeerAddressServer(outside, OutsideHostV6, 80));

        s.Rulesets = BackendLoader.Load(backend, gateway, "Gateway", new GatewayPolicy().Build().Name);
        return s;
    }

    public override IReadOnlyList<Flow> Flows { get; } = new[]
    {
        new Flow("2222 outside forwarded to the inner ssh", "outside", FlowKind.Tcp, GatewayWan, 2222, "Connected(inner)"),
        new Flow("LAN client goes out masqueraded", "lanclient", FlowKind.Tcp, OutsideHost, 80, $"Connected({GatewayWan})"),
        new Flow("inner server goes out masqueraded", "inner", FlowKind.Tcp, OutsideHost, 80, $"Connected({GatewayWan})"),
        new Flow("outside into the LAN", "outside", FlowKind.Tcp, LanClient, LanClientPort, "TimedOut"),
        new Flow("outside to the inner ssh directly", "outside", FlowKind.Tcp, GatewayPolicy.InnerServer, 22, "TimedOut"),
        new Flow("LAN to LAN (not through the gateway)", "inner", FlowKind.Tcp, LanClient, LanClientPort, "Connected(lan-client)"),
        new Flow("gateway ssh from the LAN", "lanclient", FlowKind.Tcp, GatewayLan, 22, "Connected(gateway)"),
        new Flow("gateway ssh from outside", "outside", FlowKind.Tcp, GatewayWan, 22, "TimedOut"),
        new Flow("metrics from the LAN, untracked", "lanclient", FlowKind.Udp, GatewayLan, GatewayPolicy.MetricsPort, "Connected(metrics)"),
        new Flow("metrics from outside, untracked", "outside", FlowKind.Udp, GatewayWan, GatewayPolicy.MetricsPort, "Connected(metrics)"),
        new Flow("other udp to the gateway", "lanclient", FlowKind.Udp, GatewayLan, OtherUdpPort, "TimedOut"),
        new Flow("ping the gateway from the LAN (v4)", "lanclient", FlowKind.Ping, GatewayLan, 0, "TimedOut"),
        new Flow("ping outside from the LAN (forwarded)", "lanclient", FlowKind.Ping, OutsideHost, 0, "Connected(echo-reply)"),
        new Flow("ping the LAN from outside", "outside", FlowKind.Ping, LanClient, 0, "TimedOut"),
        new Flow("gateway ssh from the LAN (v6)", "lanclient", FlowKind.Tcp, GatewayLanV6, 22, "Connected(gateway)"),
        new Flow("gateway ssh from outside (v6)", "outside", FlowKind.Tcp, GatewayWanV6, 22, "TimedOut"),
        new Flow("ping the gateway from outside (v6: ICMPv6 accepted)", "outside", FlowKind.Ping, GatewayWanV6, 0, "Connected(echo-reply)"),
        new Flow("LAN out over IPv6 (not routed)", "lanclient", FlowKind.Tcp, OutsideHostV6, 80, "TimedOut"),
        new Flow("outside into the LAN over IPv6", "outside", FlowKind.Tcp, LanClientV6, LanClientPort, "TimedOut"),
        new Flow("2222 over IPv6 (no port forward)", "outside", FlowKind.Tcp, GatewayWanV6, 2222, "TimedOut"),
        new Flow("metrics from the LAN (v6), untracked", "lanclient", FlowKind.Udp, GatewayLanV6, GatewayPolicy.MetricsPort, "Connected(metrics)"),
    };
}
