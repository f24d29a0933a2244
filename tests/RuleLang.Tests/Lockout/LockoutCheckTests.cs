using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NUnit.Framework;
using RuleLang.Cli;
using RuleLang.Model;
using RuleLang.Text;

namespace RuleLang.Tests.Lockout;

/// <summary>The lockout piece apply calls, with the host's tools played by a script.</summary>
public class LockoutCheckTests
{
    private const string Cut = @"policy cut
table filter {
    chain INPUT policy drop {
        iif lo accept
        tcp saddr 192.168.50.0/24 dport 22 accept
    }
}
";

    private const string Keeping = @"policy keeping
table filter {
    chain INPUT policy drop {
        state established,related accept
        tcp dport 22 drop
    }
}
";

    private const string Listing =
        "tcp      6 299 ESTABLISHED src=10.77.0.5 dst=10.77.0.1 sport=58946 dport=2222 src=10.77.0.1 dst=10.77.0.5 sport=2222 dport=58946 [ASSURED] mark=0 use=1\n";

    private sealed class ScriptedTools : HostTools
    {
        private readonly Dictionary<string, ToolOutput?> _answers;

        public ScriptedTools(Dictionary<string, ToolOutput?> answers)
            : base("ns1") => _answers = answers;

        public List<string> Ran { get; } = new();

        public override ToolOutput? Run(string tool, params string[] arguments)
        {
            string command = tool + " " + string.Join(" ", arguments);
            Ran.Add(command);
            return _answers.TryGetValue(command, out var answer) ? answer : new ToolOutput(1, "", "not scripted");
        }
    }

    private static ScriptedTools Host(string? conntrack = Listing) => new(new Dictionary<string, ToolOutput?>
    {
        ["ip -o addr show"] = new ToolOutput(0, "1: lo    inet 127.0.0.1/8 scope host lo\n2: eth0    inet 10.77.0.1/24 brd 10.77.0.255 scope global eth0\n", ""),
        ["conntrack -L -f ipv4"] = conntrack is null ? null : new ToolOutput(0, conntrack, "conntrack v1.4.7 (conntrack-tools): 1 flow entries have been shown.\n"),
        ["conntrack -L -f ipv6"] = conntrack is null ? null : new ToolOutput(0, "", ""),
    });

    private static Policy Rl(string text) => RlParser.Parse(text, "/src/host.rl").Policy!;

    private static (bool MayProceed, string Error, ScriptedTools Tools) Run(string policy, LockoutOptions options, string? ssh = null, string? conntrack = Listing)
    {
        var error = new StringWriter();
        var tools = Host(conntrack);
        bool go = new LockoutCheck(error, tools, name => name == "SSH_CONNECTION" ? ssh : null).MayProceed(new[] { Rl(policy) }, options);
        return (go, error.ToString(), tools);
    }

    [Test]
    public void A_cut_session_stops_apply_with_the_counterexample_and_the_policy_drop()
    {
        var (go, error, tools) = Run(Cut, new LockoutOptions(Array.Empty<string>(), Force: false), ssh: "10.77.0.5 51234 10.77.0.1 22");
        Assert.That(go, Is.False);
        Assert.That(error, Does.Contain("/src/host.rl(1,1): error RL0830: the new policy would cut tcp 10.77.0.5:51234 -> 10.77.0.1:22 (SSH_CONNECTION): its packets arriving in state ESTABLISHED are dropped by filter INPUT policy DROP; counterexample: tcp 10.77.0.5:51234 -> 10.77.0.1:22 iif "));
        Assert.That(error, Does.Contain("(conntrack tcp 10.77.0.5:58946 -> 10.77.0.1:2222)"), "the conntrack flow is checked too");
        Assert.That(error, Does.Contain("nothing was applied"));
        Assert.That(tools.Ran, Is.EqualTo(new[] { "ip -o addr show", "conntrack -L -f ipv4", "conntrack -L -f ipv6" }));
    }

    [Test]
    public void An_explicit_rule_is_named_with_its_line_and_its_iptables_text()
    {
        var (go, error, _) = Run(Keeping, new LockoutOptions(new[] { "tcp 10.77.0.5 -> 10.77.0.1:22" }, Force: false), conntrack: "");
        Assert.That(go, Is.False);
        Assert.That(error, Does.Contain("/src/host.rl(5,9): error RL0830: the new policy would cut tcp 10.77.0.5 -> 10.77.0.1:22 (--keep \"tcp 10.77.0.5 -> 10.77.0.1:22\"): a new connection from the same client (the next login) is dropped by filter INPUT rule 2: -A INPUT -p tcp -m tcp --dport 22 -j DROP; counterexample: tcp 10.77.0.5:40000 -> 10.77.0.1:22 iif "));
    }

    [Test]
    public void Force_goes_on_with_a_warning()
    {
        var (go, error, _) = Run(Cut, new LockoutOptions(Array.Empty<string>(), Force: true), ssh: "10.77.0.5 51234 10.77.0.1 22");
        Assert.That(go, Is.True);
        Assert.That(error, Does.Contain("warning RL0836: --force: going on although the lockout proof failed (policy cut)"));
    }

    [Test]
    public void A_missing_conntrack_tool_is_a_warning_and_the_proof_goes_on()
    {
        var (go, error, _) = Run(Keeping.Replace("tcp dport 22 drop", "tcp dport 22 accept"), new LockoutOptions(Array.Empty<string>(), Force: false), ssh: "10.77.0.5 51234 10.77.0.1 22", conntrack: null);
        Assert.That(go, Is.True, error);
        Assert.That(error, Does.Contain("conntrack: warning RL0833: ip netns exec ns1 conntrack -L -f ipv4: the conntrack tool is not installed"));
        Assert.That(error, Does.Contain("lockout proof: 1 connection(s) kept (1 named, 0 from conntrack)"));
    }

    [Test]
    public void A_session_into_another_namespace_is_not_this_rulesets_to_keep()
    {
        var (go, error, _) = Run(Cut, new LockoutOptions(Array.Empty<string>(), Force: false, ReadConntrack: false), ssh: "192.0.2.9 51234 192.0.2.1 22");
        Assert.That(go, Is.True, error);
        Assert.That(error, Does.Contain("0 connection(s) kept"));
    }

    [Test]
    public void A_bad_keep_and_a_hostile_ssh_connection_are_diagnostics_not_crashes()
    {
        var (go, error, _) = Run(Cut, new LockoutOptions(new[] { "tcp 10.0.0.5 -> nowhere" }, Force: true, ReadConntrack: false), ssh: "\u001b[2Jevil\n 1 2 3 4");
        Assert.That(go, Is.False, "a --keep that cannot be read stops apply even with --force");
        Assert.That(error, Does.Contain("--keep: error RL0831: the server 'nowhere' is not one IPv4 or IPv6 address"));
        Assert.That(error, Does.Contain("SSH_CONNECTION: warning RL0832: SSH_CONNECTION is '?[2Jevil? 1 2 3 4'"));
        Assert.That(error.Contains('\u001b'), Is.False);
    }

    [Test]
    public void Lockout_check_prints_nothing_on_stdout()
    {
        string file = Path.Combine(Path.GetTempPath(), "rl-lockout-" + Guid.NewGuid().ToString("N") + ".rl");
        File.WriteAllText(file, Cut);
        try
        {
            var (code, stdout, stderr) = CliRunner.Run("lockout-check", file, "--keep", "tcp 10.77.0.5 -> 10.77.0.1:22", "--no-conntrack");
            Assert.That((code, stdout), Is.EqualTo((1, "")));
            Assert.That(stderr, Does.Contain("error RL0830"));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
