using System;
using System.Globalization;
using System.Linq;
using RuleLang.Model.Intents;

namespace RuleLang.Benchmarks.Kernel;

/// <summary>
/// Connection setup through a loaded ruleset: the namespace holding the ruleset is the client (a process on the
/// node, so its SYN walks nat OUTPUT, where kube-proxy hooks its services as in PREROUTING), wired by a veth pair
/// to a listener namespace that holds the endpoint addresses of the two services measured.
/// </summary>
public static class ConnectionSetup
{
    private const string ClientAddress = "172.31.255.1";
    private const string ListenerAddress = "172.31.255.2";

    public static (double FirstMs, double LastMs) Measure(BenchNamespace client, ServiceIntent first, ServiceIntent last, int connects)
    {
        using var listener = new BenchNamespace();
        client.Ip("link", "add", "rlb0", "type", "veth", "peer", "name", "rlb1", "netns", listener.Name);
        client.Ip("addr", "add", ClientAddress + "/30", "dev", "rlb0");
        client.Ip("link", "set", "rlb0", "up");
        listener.Ip("addr", "add", ListenerAddress + "/30", "dev", "rlb1");
        listener.Ip("link", "set", "rlb1", "up");
        // The cluster IPs exist nowhere: the client routes them to the listener, whose addresses are the endpoints
        // only, so a connect succeeds only when the ruleset has rewritten the destination to an endpoint.
        client.Ip("route", "add", "default", "via", ListenerAddress);
        foreach (var endpoint in first.Endpoints.Concat(last.Endpoints).Select(e => e.Address).Distinct())
        {
            listener.Ip("addr", "add", endpoint + "/32", "dev", "lo");
        }
        var targetPorts = first.Endpoints.Concat(last.Endpoints).Select(e => e.Port.ToString(CultureInfo.InvariantCulture)).Distinct();
        using var server = Command.StartUntil(
            new[] { "ip", "netns", "exec", listener.Name }.Concat(Command.Self(new[] { "listen" }.Concat(targetPorts).ToArray())).ToArray(),
            ConnectProbe.Listening, TimeSpan.FromSeconds(30));
        try
        {
            string firstTarget = first.ClusterIp + ":" + first.Port.ToString(CultureInfo.InvariantCulture);
            string lastTarget = last.ClusterIp + ":" + last.Port.ToString(CultureInfo.InvariantCulture);
            var run = client.Exec(Command.Self("connect", "--count", connects.ToString(CultureInfo.InvariantCulture), firstTarget, lastTarget), TimeSpan.FromMinutes(5));
            if (run.ExitCode != 0 && !run.StdOut.Contains("target=", StringComparison.Ordinal))
            {
                run.EnsureSuccess();
            }
            var firstFigures = ConnectProbe.ParseLine(run.StdOut, firstTarget);
            var lastFigures = ConnectProbe.ParseLine(run.StdOut, lastTarget);
            if (firstFigures.Failures + lastFigures.Failures > 0)
            {
                throw new InvalidOperationException($"connections failed through the ruleset in {client.Name}: {run.StdOut.Trim()}");
            }
            return (firstFigures.MedianUs / 1000, lastFigures.MedianUs / 1000);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            server.WaitForExit();
        }
    }
}
