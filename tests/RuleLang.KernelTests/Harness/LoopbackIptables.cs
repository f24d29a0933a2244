using System;
using System.Linq;
using NUnit.Framework;
using RuleLang.Compiler;
using RuleLang.Model;

namespace RuleLang.KernelTests.Harness;

/// <summary>
/// One namespace as server and clients: lo up with the given addresses, a policy compiled by the iptables back end
/// and loaded. Clients and server share the namespace; their packets still pass INPUT on lo. For matches whose
/// state (lists, buckets) only a sequence of connections shows.
/// </summary>
internal static class LoopbackIptables
{
    /// <summary>Brings lo up with <paramref name="addresses"/> (each a /32), loads the policy's iptables ruleset and returns its text.</summary>
    public static string Load(NetNamespace ns, Policy policy, params string[] addresses)
    {
        ns.IpCommand("link", "set", "lo", "up").EnsureSuccess("lo up");
        foreach (string address in addresses)
        {
            ns.AddAddress("lo", address + "/32");
        }
        var compiled = PolicyCompiler.Compile(policy, new[] { RulesetFormat.Iptables });
        Assert.That(compiled.Succeeded, Is.True, () => string.Join("\n", compiled.Diagnostics));
        var ruleset = compiled.Rulesets.Single(r => r.FileName.EndsWith(".iptables", StringComparison.Ordinal));
        ns.RestoreIptables(ruleset.Text).EnsureSuccess("loading " + ruleset.FileName);
        return ruleset.Text;
    }

    /// <summary>One TCP connection from the client address <paramref name="client"/>: whether the server's reply came back.</summary>
    public static bool ConnectsFrom(NetNamespace ns, string client, string server, int port, string reply, out ExecResult result)
    {
        result = ns.Exec($"timeout 2 socat -u TCP:{server}:{port},bind={client},connect-timeout=1 -", TimeSpan.FromSeconds(5));
        return result.ExitCode == 0 && result.StdOut.Trim() == reply;
    }
}
