using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;
using NUnit.Framework;
using RuleLang.Cli;
using RuleLang.KernelTests.Harness;
using RuleLang.Text;

namespace RuleLang.KernelTests;

/// <summary>
/// The lockout proof against a live connection: a client in another namespace holds a TCP connection to port 22
/// of the host namespace; the proof, with conntrack read inside the host namespace, refuses a policy that would
/// cut it (naming the chain policy) and passes one that keeps it. Nothing is loaded: the proof runs before apply.
/// </summary>
[TestFixture]
public sealed class LockoutKernelTests : KernelTestBase
{
    private const string Cut = @"policy cut
table filter {
    chain INPUT policy drop {
        iif lo accept
        tcp saddr 192.168.50.0/24 dport 22 comment ""SSH from the admin subnet only"" accept
    }
}
";

    private const string Keeping = @"policy keeping
table filter {
    chain INPUT policy drop {
        iif lo accept
        state established,related accept
        tcp saddr 192.168.50.0/24 dport 22 accept
    }
}
";

    [Test]
    public void The_proof_reads_the_live_ssh_connection_from_conntrack_and_refuses_a_policy_that_cuts_it()
    {
        var host = CreateNamespace("host");
        var client = CreateNamespace("client");
        Topology.Connect(host, "10.77.0.1/24", client, "10.77.0.5/24");
        // The old firewall: stateful, so conntrack tracks the namespace's connections.
        host.RestoreIptables("*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT\nCOMMIT\n").EnsureSuccess("old ruleset");
        host.Start("exec socat TCP-LISTEN:22,fork,reuseaddr EXEC:cat");
        WaitFor(() => host.Exec("ss -Htln 'sport = :22'").StdOut.Contains(":22"), "the server to listen");
        using var session = client.Start("sleep 120 | socat - TCP:10.77.0.1:22");
        WaitFor(() => host.Exec("conntrack -L -p tcp --dport 22 2>/dev/null").StdOut.Contains("ESTABLISHED"), "the connection to be established");

        var (refused, refusedError, refusedFlows) = Check(host, Cut);
        Assert.That(refused, Is.False, refusedError);
        var live = refusedFlows.Single(f => f.ServerPort == 22);
        Assert.That((live.Client, live.Server, live.Origin), Is.EqualTo((IPAddress.Parse("10.77.0.5"), IPAddress.Parse("10.77.0.1"), $"conntrack tcp 10.77.0.5:{live.ClientPort} -> 10.77.0.1:22")));
        Assert.That(refusedError, Does.Contain($"error RL0830: the new policy would cut tcp 10.77.0.5:{live.ClientPort} -> 10.77.0.1:22 (conntrack tcp 10.77.0.5:{live.ClientPort} -> 10.77.0.1:22): its packets arriving in state ESTABLISHED are dropped by filter INPUT policy DROP"));

        var (kept, keptError, keptFlows) = Check(host, Keeping);
        Assert.That(kept, Is.True, keptError);
        Assert.That(keptFlows, Does.Contain(live));
        Assert.That(keptError, Does.Contain("connection(s) kept (0 named, 1 from conntrack)"));
    }

    private static (bool MayProceed, string Error, System.Collections.Generic.IReadOnlyList<Analysis.Lockout.KeptFlow> Flows) Check(NetNamespace host, string policyText)
    {
        var parsed = RlParser.Parse(policyText, "policy.rl");
        Assert.That(parsed.Diagnostics, Is.Empty);
        var error = new StringWriter();
        // The test may itself run under SSH: that session is the host's, not this namespace's, and is not read here.
        var check = new LockoutCheck(error, new HostTools(host.Name), _ => null);
        bool go = check.MayProceed(new[] { parsed.Policy! }, new LockoutOptions(Array.Empty<string>(), Force: false));
        return (go, error.ToString(), check.Flows);
    }

    private static void WaitFor(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(10))
            {
                Assert.Fail($"timed out waiting for {what}");
            }
            Thread.Sleep(100);
        }
    }
}
