using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using NUnit.Framework;
using RuleLang.KernelTests.Harness;
using RuleLang.KernelTests.Support;
using RuleLang.Testing;

namespace RuleLang.KernelTests;

/// <summary>
/// rulelang apply and status against real kernels, each test in fresh namespaces, the CLI run as a process:
/// a later step failing rolls back every family to the snapshot; an unconfirmed --confirm is rolled back by the
/// detached timer and the connection it cut works again; --confirm-pending keeps the rules; a dry run changes
/// nothing; status finds a hand-inserted rule and names its flow. No fixed sleeps: waits are bounded polls on
/// the state apply writes (the pending apply's outcome file).
/// </summary>
[TestFixture]
public sealed class LiveApplyKernelTests : KernelTestBase
{
    /// <summary>A policy that cuts an established SSH connection: only loopback is accepted, replies included.</summary>
    private const string CutsSsh = "policy cuts-ssh\n\ntable filter {\n    chain INPUT policy drop {\n        iif lo accept\n    }\n}\n";

    private const string BesideDocker = "policy beside-docker\n\nowns chains jumps first prefix bd\nexternal DOCKER-USER\nplace filter FORWARD before DOCKER-USER\n\n"
        + "table filter {\n  chain INPUT {\n    tcp dport 22 accept\n  }\n  chain FORWARD {\n    iif eth2 drop\n  }\n}\n";

    /// <summary>What another owner (Docker, an operator) already has in the namespace before apply.</summary>
    private const string ForeignIptables = "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n:DOCKER-USER - [0:0]\n-A FORWARD -j DOCKER-USER\n-A DOCKER-USER -j RETURN\nCOMMIT\n"
        + "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE\nCOMMIT\n";

    private const string ForeignIp6tables = "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A INPUT -p tcp -m tcp --dport 9 -j DROP\nCOMMIT\n";

    private const string ForeignNft = "table inet foreign {\n\tchain input {\n\t\ttype filter hook input priority 10; policy accept;\n\t\ttcp dport 7 drop\n\t}\n}\n";

    private string _stateRoot = "";
    private string _work = "";
    private string? _previousStateRoot;

    [OneTimeSetUp]
    public void UseOwnStateRoot()
    {
        // The pending confirmations of these tests live in a folder of their own, not in the host's /run/rulelang.
        _stateRoot = Path.Combine(Path.GetTempPath(), "rulelang-state-" + Guid.NewGuid().ToString("N"));
        _previousStateRoot = Environment.GetEnvironmentVariable("RULELANG_STATE_DIR");
        Environment.SetEnvironmentVariable("RULELANG_STATE_DIR", _stateRoot);
    }

    [OneTimeTearDown]
    public void RestoreStateRoot()
    {
        Environment.SetEnvironmentVariable("RULELANG_STATE_DIR", _previousStateRoot);
        if (Directory.Exists(_stateRoot))
        {
            Directory.Delete(_stateRoot, recursive: true);
        }
    }

    [SetUp]
    public void NewWorkFolder()
    {
        _work = Path.Combine(Path.GetTempPath(), "rulelang-apply-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_work);
    }

    [TearDown]
    public void RemoveWorkFolder() => Directory.Delete(_work, recursive: true);

    [Test]
    public void Nft_refusing_its_script_after_both_iptables_families_loaded_restores_every_snapshot()
    {
        NetNamespace fw = CreateNamespace("fw");
        Preload(fw);
        string rulesets = WebServerRulesets(nft: script => script.Replace("\t\ttcp dport 443", "\t\tjump no_such_chain\n\t\ttcp dport 443", StringComparison.Ordinal));
        var before = Everything(fw);

        var apply = RuleLangProcess.Run("apply", rulesets, "--netns", fw.Name, "--format", "iptables", "ip6tables", "nft");

        Assert.That(apply.ExitCode, Is.EqualTo(1), apply.Describe());
        Assert.That(apply.StdErr, Does.Contain("error RL0803: nft -f web-server.nft failed"), apply.Describe());
        Assert.That(apply.StdOut, Is.Empty);
        Assert.That(Everything(fw), Is.EqualTo(before), "iptables-save, ip6tables-save and nft list ruleset after the rollback");
    }

    [Test]
    public void Ip6tables_refusing_its_ruleset_leaves_a_fresh_namespace_as_empty_as_it_was()
    {
        NetNamespace fw = CreateNamespace("fw");
        string rulesets = WebServerRulesets(ip6tables: text => text.Replace("-A INPUT -i lo", "-A INPUT -m no_such_match --no-such-option 1 -j ACCEPT\n-A INPUT -i lo", StringComparison.Ordinal));
        var before = Everything(fw);
        Assert.That(before.Iptables + before.Ip6tables + before.Nft, Is.Empty, "a fresh namespace has no table");

        var apply = RuleLangProcess.Run("apply", rulesets, "--netns", fw.Name);

        Assert.That(apply.ExitCode, Is.EqualTo(1), apply.Describe());
        Assert.That(apply.StdErr, Does.Contain("error RL0803: ip6tables-restore web-server.ip6tables failed"), apply.Describe());
        // iptables had succeeded and created filter and nat: the rollback deletes them again, not just empties them.
        Assert.That(Everything(fw), Is.EqualTo(before));
    }

    [Test]
    public void An_unconfirmed_apply_is_rolled_back_by_the_detached_timer_and_the_cut_connection_works_again()
    {
        NetNamespace client = CreateNamespace("client"), fw = CreateNamespace("fw");
        Topology.Connect(client, "10.0.1.1/24", fw, "10.0.1.2/24");
        fw.Start("exec socat TCP-LISTEN:22,reuseaddr,fork PIPE");
        WaitFor(() => fw.Exec("ss -Htln 'sport = :22'").StdOut.Contains(":22"), "the SSH stand-in to listen");
        // The operator's session: a line every 200 ms, echoed back by the server, each echo stamped when it arrives.
        BackgroundProcess session = client.Start(
            "while :; do echo tick; sleep 0.2; done | socat -t 600 - TCP:10.0.1.2:22 | while read -r line; do echo \"$(date +%s%N) $line\"; done");
        WaitFor(() => Ticks(session) >= 3, "the held connection to echo");
        var before = Everything(fw);
        string policy = Path.Combine(_work, "cuts-ssh.rl");
        File.WriteAllText(policy, CutsSsh);

        // The lockout proof refuses the policy for the operator's connection, naming what cuts it; nothing is
        // touched. (This namespace tracks no connection yet, having no rule that uses conntrack, so the session is
        // named with --keep; LockoutKernelTests read it from conntrack.)
        string keep = "tcp 10.0.1.1 -> 10.0.1.2:22";
        var refused = RuleLangProcess.Run("apply", policy, "--netns", fw.Name, "--confirm", "3s", "--keep", keep);
        Assert.That(refused.ExitCode, Is.EqualTo(1), refused.Describe());
        Assert.That(refused.StdErr, Does.Contain("error RL0830: the new policy would cut tcp 10.0.1.1 -> 10.0.1.2:22").And.Contain("filter INPUT policy DROP"), refused.Describe());
        Assert.That(Everything(fw), Is.EqualTo(before), "a refused apply changes nothing");

        var apply = RuleLangProcess.Run("apply", policy, "--netns", fw.Name, "--confirm", "3s", "--keep", keep, "--force");

        Assert.That(apply.ExitCode, Is.EqualTo(0), apply.Describe());
        Assert.That(apply.StdErr, Does.Contain("warning RL0836"), apply.Describe());
        Assert.That(apply.StdErr, Does.Contain($"rulelang apply --confirm-pending --netns {fw.Name}"), apply.Describe());
        string outcome = WaitForOutcome(fw);
        Assert.That(outcome, Does.StartWith("rolled-back "), outcome);
        Assert.That(Everything(fw), Is.EqualTo(before), "the rollback restores the snapshot");
        // The same connection carries traffic again (TCP retransmits what the drop held back), and a new one connects.
        int ticks = Ticks(session);
        WaitFor(() => Ticks(session) > ticks + 2, "the held connection to echo again after the rollback", TimeSpan.FromSeconds(60));
        Assert.That(session.HasExited, Is.False, "the session survived");
        // It was cut while the new rules were in: echoes normally come every 200 ms, here at least 2 s went silent.
        Assert.That(LongestSilence(session), Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(2)));
        Assert.That(Traffic.TryConnect(client, "10.0.1.2", 22, TimeSpan.FromSeconds(5)).IsConnected, Is.True);

        var late = RuleLangProcess.Run("apply", "--confirm-pending", "--netns", fw.Name);
        Assert.That(late.ExitCode, Is.EqualTo(1));
        Assert.That(late.StdErr, Does.Contain("error RL0807").And.Contain("rolled-back"), late.Describe());
    }

    /// <summary>On a terminal apply asks, as iptables-apply does: anything but yes rolls back at once, yes keeps the rules.</summary>
    [Test]
    public void At_a_terminal_no_rolls_back_at_once_and_yes_keeps_the_new_rules()
    {
        NetNamespace fw = CreateNamespace("fw");
        string policy = Path.Combine(_work, "cuts-ssh.rl");
        File.WriteAllText(policy, CutsSsh);
        var before = Everything(fw);

        var no = RuleLangProcess.RunAtTerminal("n\n", "apply", policy, "--netns", fw.Name, "--confirm", "2m");
        Assert.That(no.ExitCode, Is.EqualTo(1), no.Describe());
        Assert.That(no.StdOut, Does.Contain("Keep the new rules? [y/N]").And.Contain("error RL0817"), no.Describe());
        Assert.That(Everything(fw), Is.EqualTo(before), "rolled back at the answer, not at the deadline");
        Assert.That(WaitForOutcome(fw), Does.StartWith("rolled-back "));

        var yes = RuleLangProcess.RunAtTerminal("y\n", "apply", policy, "--netns", fw.Name, "--confirm", "2m");
        Assert.That(yes.ExitCode, Is.EqualTo(0), yes.Describe());
        Assert.That(fw.SaveIptables(), Does.Contain(":INPUT DROP"), "the confirmed rules stay");
        Assert.That(File.ReadAllText(Path.Combine(_stateRoot, "outcome", "netns-" + fw.Name)), Does.StartWith("confirmed "));
        Assert.That(Directory.Exists(Path.Combine(_stateRoot, "pending", "netns-" + fw.Name)), Is.False, "nothing left pending");
    }

    /// <summary>At boot (the systemd unit's apply --boot): the committed rulesets go in at once, with nothing left pending.</summary>
    [Test]
    public void Boot_applies_the_committed_rulesets_with_no_confirmation_pending()
    {
        NetNamespace fw = CreateNamespace("fw");
        string rulesets = WebServerRulesets();

        var boot = RuleLangProcess.Run("apply", rulesets, "--netns", fw.Name, "--boot");

        Assert.That(boot.ExitCode, Is.EqualTo(0), boot.Describe());
        Assert.That(boot.StdOut, Is.Empty);
        Assert.That(fw.SaveIptables(), Does.Contain("--dport 443"), "the web server's rules are in");
        Assert.That(Directory.Exists(Path.Combine(_stateRoot, "pending", "netns-" + fw.Name)), Is.False, "nothing waits for a confirmation");
        Assert.That(TimerRunning(fw), Is.False, "no rollback timer at boot");
        var status = RuleLangProcess.Run("status", rulesets, "--netns", fw.Name);
        Assert.That(status.ExitCode, Is.EqualTo(0), status.Describe());
    }

    [Test]
    public void Confirm_pending_keeps_the_new_rules_and_the_timer_stands_down()
    {
        NetNamespace fw = CreateNamespace("fw");
        string policy = Path.Combine(_work, "cuts-ssh.rl");
        File.WriteAllText(policy, CutsSsh);

        var apply = RuleLangProcess.Run("apply", policy, "--netns", fw.Name, "--confirm", "2m");
        Assert.That(apply.ExitCode, Is.EqualTo(0), apply.Describe());
        var second = RuleLangProcess.Run("apply", policy, "--netns", fw.Name, "--confirm", "2m");
        Assert.That(second.ExitCode, Is.EqualTo(1), "one pending apply per target");
        Assert.That(second.StdErr, Does.Contain("error RL0806"), second.Describe());

        var confirm = RuleLangProcess.Run("apply", "--confirm-pending", "--netns", fw.Name);

        Assert.That(confirm.ExitCode, Is.EqualTo(0), confirm.Describe());
        Assert.That(WaitForOutcome(fw), Does.StartWith("confirmed "));
        Assert.That(Directory.Exists(Path.Combine(_stateRoot, "pending", "netns-" + fw.Name)), Is.False);
        WaitFor(() => !TimerRunning(fw), "the rollback timer to exit");
        Assert.That(fw.SaveIptables(), Does.Contain(":INPUT DROP"));
        Assert.That(fw.SaveIptables(Harness.IpFamily.V6), Does.Contain(":INPUT DROP"));
    }

    [Test]
    public void A_dry_run_prints_the_semantic_diff_and_changes_nothing()
    {
        NetNamespace fw = CreateNamespace("fw");
        Preload(fw);
        string rulesets = WebServerRulesets();
        var before = Everything(fw);

        var dryRun = RuleLangProcess.Run("apply", rulesets, "--netns", fw.Name, "--dry-run");

        Assert.That(dryRun.ExitCode, Is.EqualTo(0), dryRun.Describe());
        // The foreign nat rule goes and INPUT drops by default now: both are flows that change their fate.
        Assert.That(dryRun.StdOut, Does.Contain("newly dropped:"), dryRun.Describe());
        Assert.That(dryRun.StdErr, Does.Contain("nothing was changed"));
        Assert.That(Everything(fw), Is.EqualTo(before));
    }

    /// <summary>
    /// An own-chains policy applied twice beside Docker-like rules: every foreign chain and rule stays in place and
    /// in order, the policy's jump is placed once, before Docker's, and status reads only what it owns.
    /// </summary>
    [Test]
    public void An_own_chains_policy_applied_twice_keeps_every_foreign_rule_and_places_its_jump_once()
    {
        NetNamespace fw = CreateNamespace("fw");
        Preload(fw);
        string foreignBefore = WithoutComments(fw.SaveIptables());
        string policy = Path.Combine(_work, "beside-docker.rl");
        File.WriteAllText(policy, BesideDocker);

        var first = RuleLangProcess.Run("apply", policy, "--netns", fw.Name, "--format", "iptables");
        Assert.That(first.ExitCode, Is.EqualTo(0), first.Describe());
        var second = RuleLangProcess.Run("apply", policy, "--netns", fw.Name, "--format", "iptables");
        Assert.That(second.ExitCode, Is.EqualTo(0), second.Describe());

        string after = WithoutComments(fw.SaveIptables());
        var ours = new[] { "bd-", "rulelang:beside-docker" };
        Assert.That(after.Split('\n').Where(l => !ours.Any(o => l.Contains(o, StringComparison.Ordinal))),
            Is.EqualTo(foreignBefore.Split('\n')), "every foreign line, in order");
        var forward = after.Split('\n').Where(l => l.StartsWith("-A FORWARD ", StringComparison.Ordinal)).ToArray();
        Assert.That(forward, Has.Length.EqualTo(2), after);
        Assert.That(forward[0], Does.Contain("-j bd-FORWARD"), "our jump, once, before Docker's");
        Assert.That(forward[1], Is.EqualTo("-A FORWARD -j DOCKER-USER"));
        Assert.That(after.Split('\n').Count(l => l.Contains("-j bd-INPUT", StringComparison.Ordinal)), Is.EqualTo(1), after);

        var status = RuleLangProcess.Run("status", policy, "--netns", fw.Name, "--family", "iptables");
        Assert.That(status.ExitCode, Is.EqualTo(0), status.Describe());
        // A hand-inserted rule in the policy's own chain that cuts SSH: a drift whose flow the semantic diff names.
        fw.Exec("iptables -I bd-INPUT 1 -p tcp --dport 22 -j DROP").EnsureSuccess();
        var drift = RuleLangProcess.Run("status", policy, "--netns", fw.Name, "--family", "iptables");
        Assert.That(drift.ExitCode, Is.EqualTo(3), drift.Describe());
        Assert.That(drift.StdOut, Does.Contain("+-A bd-INPUT -p tcp -m tcp --dport 22 -j DROP"), drift.Describe());
        // The semantic diff is of what the policy owns: the flow it now drops, and nothing of Docker's rules.
        Assert.That(drift.StdOut, Does.Contain("newly dropped").And.Contain("dport 22").And.Not.Contain("DOCKER"), drift.Describe());
    }

    [Test]
    public void Status_is_in_sync_after_apply_and_names_the_flow_of_a_hand_inserted_rule()
    {
        NetNamespace fw = CreateNamespace("fw");
        string rulesets = WebServerRulesets();
        var apply = RuleLangProcess.Run("apply", rulesets, "--netns", fw.Name, "--format", "iptables", "ip6tables", "nft");
        Assert.That(apply.ExitCode, Is.EqualTo(0), apply.Describe());

        var inSync = RuleLangProcess.Run("status", rulesets, "--netns", fw.Name, "--family", "iptables", "ip6tables", "nft");
        Assert.That(inSync.ExitCode, Is.EqualTo(0), inSync.Describe());
        Assert.That(inSync.StdOut, Does.Contain("web-server.nft: in sync"), inSync.Describe());

        fw.Exec("iptables -I INPUT 3 -p tcp --dport 5432 -j ACCEPT").EnsureSuccess();
        fw.Exec("nft add rule inet web-server filter_INPUT tcp dport 6379 accept").EnsureSuccess();
        var drift = RuleLangProcess.Run("status", rulesets, "--netns", fw.Name, "--family", "iptables", "ip6tables", "nft");

        Assert.That(drift.ExitCode, Is.EqualTo(3), drift.Describe());
        Assert.That(drift.StdOut, Does.Contain("web-server.iptables: drifted").And.Contain("+-A INPUT -p tcp -m tcp --dport 5432 -j ACCEPT"), drift.Describe());
        Assert.That(drift.StdOut, Does.Contain("web-server.nft: drifted").And.Contain("dport 6379"), drift.Describe());
        Assert.That(drift.StdOut, Does.Contain("what changes for traffic (policy -> live):\nnewly accepted: tcp").And.Contain("dport 5432"), drift.Describe());
        Assert.That(drift.StdOut, Does.Contain("accepted by filter INPUT rule 3 (live iptables-save("), drift.Describe());
        Assert.That(drift.StdOut, Does.Contain("web-server.ip6tables: in sync"));
        Assert.That(drift.StdErr, Does.Contain("warning RL0811: web-server.iptables differs"));

        var json = RuleLangProcess.Run("status", rulesets, "--netns", fw.Name, "--format", "json");
        Assert.That(json.ExitCode, Is.EqualTo(3), json.Describe());
        using var report = JsonDocument.Parse(json.StdOut);
        Assert.That(report.RootElement.GetProperty("inSync").GetBoolean(), Is.False);
        Assert.That(report.RootElement.GetProperty("semanticDiff").GetString(), Does.Contain("dport 5432"));
    }

    /// <summary>The web server example's committed rulesets, copied to a folder of this test, optionally edited.</summary>
    private string WebServerRulesets(Func<string, string>? ip6tables = null, Func<string, string>? nft = null)
    {
        string folder = Path.Combine(_work, "rulesets");
        Directory.CreateDirectory(folder);
        foreach (string path in Directory.GetFiles(Path.Combine(RepoPaths.Examples, "WebServer", "rulesets")))
        {
            string text = File.ReadAllText(path);
            text = Path.GetExtension(path) switch
            {
                ".ip6tables" => ip6tables?.Invoke(text) ?? text,
                ".nft" => nft?.Invoke(text) ?? text,
                _ => text,
            };
            File.WriteAllText(Path.Combine(folder, Path.GetFileName(path)), text);
        }
        return folder;
    }

    private static void Preload(NetNamespace ns)
    {
        ns.RestoreIptables(ForeignIptables).EnsureSuccess("foreign iptables rules");
        ns.RestoreIptables(ForeignIp6tables, Harness.IpFamily.V6).EnsureSuccess("foreign ip6tables rules");
        ns.LoadNft(ForeignNft).EnsureSuccess("a foreign nft table");
    }

    /// <summary>
    /// Everything the namespace runs, without the save tools' timestamped comment lines. The nft listing's tables
    /// are compared as a set: the nf_tables build of iptables-restore re-creates a table it restores, and nft then
    /// lists it last; every table's content must still be equal.
    /// </summary>
    private static (string Iptables, string Ip6tables, string Nft) Everything(NetNamespace ns) =>
        (WithoutComments(ns.SaveIptables()), WithoutComments(ns.SaveIptables(Harness.IpFamily.V6)), TablesInAnyOrder(ns.ListNft()));

    private static string TablesInAnyOrder(string listing) =>
        string.Join("", System.Text.RegularExpressions.Regex.Split(listing, @"(?m)^(?=table )").OrderBy(t => t, StringComparer.Ordinal));

    private static string WithoutComments(string save) => string.Join("\n", save.Split('\n').Where(l => !l.StartsWith('#')));

    private static int Ticks(BackgroundProcess session) => session.StdOut.Split('\n').Count(l => l.EndsWith(" tick", StringComparison.Ordinal));

    /// <summary>The longest time between two echoes the session received (stamps in nanoseconds).</summary>
    private static TimeSpan LongestSilence(BackgroundProcess session)
    {
        long[] stamps = session.StdOut.Split('\n').Where(l => l.EndsWith(" tick", StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return TimeSpan.FromTicks(stamps.Zip(stamps.Skip(1), (a, b) => (b - a) / 100).DefaultIfEmpty(0).Max());
    }

    private string WaitForOutcome(NetNamespace ns)
    {
        string path = Path.Combine(_stateRoot, "outcome", "netns-" + ns.Name);
        WaitFor(() => File.Exists(path), "the pending apply's outcome", TimeSpan.FromSeconds(90));
        return File.ReadAllText(path);
    }

    /// <summary>The rollback timer of this namespace, found by its command line.</summary>
    private static bool TimerRunning(NetNamespace ns) =>
        Directory.GetDirectories("/proc").Select(d => Path.Combine(d, "cmdline")).Any(cmdline =>
        {
            try
            {
                string text = File.ReadAllText(cmdline).Replace('\0', ' ');
                return text.Contains("rollback-timer", StringComparison.Ordinal) && text.Contains(ns.Name, StringComparison.Ordinal);
            }
            catch (IOException)
            {
                return false;
            }
        });

    private static void WaitFor(Func<bool> condition, string what, TimeSpan? limit = null)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > (limit ?? TimeSpan.FromSeconds(30)))
            {
                Assert.Fail($"timed out waiting for {what}");
            }
            Thread.Sleep(100);
        }
    }
}
