using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using NUnit.Framework;
using RuleLang.KernelTests.Harness;

namespace RuleLang.KernelTests.HarnessTests;

[TestFixture]
public sealed class NetNamespaceTests : KernelTestBase
{
    [Test]
    public void Create_then_dispose_leaves_no_namespace_behind()
    {
        HostSnapshot before = HostSnapshot.Take();
        string name;
        using (var ns = new NetNamespace("life"))
        {
            name = ns.Name;
            Assert.That(name, Does.Match(@"^rl-\d+-\d+-life$"));
            Assert.That(NetNamespace.ListAll(), Does.Contain(name));
            Assert.That(ns.Exec("ip -br link show lo").StdOut, Does.Contain("UP").Or.Contain("UNKNOWN"));
            Topology.AddDummy(ns, "192.0.2.1/32");
        }

        Assert.That(NetNamespace.ListAll(), Does.Not.Contain(name));
        Assert.That(File.Exists($"/run/netns/{name}"), Is.False);
        Assert.That(HostSnapshot.Take(), Is.EqualTo(before), "host interfaces / rulesets must be untouched");
    }

    [Test]
    public void Loopback_is_up_at_creation()
    {
        NetNamespace ns = CreateNamespace();
        ExecResult r = ns.Exec("ip -o addr show dev lo");
        Assert.That(r.StdOut, Does.Contain("127.0.0.1/8"));
        Assert.That(Traffic.Ping(ns, "127.0.0.1"), Is.True);
    }

    [Test]
    public void Exec_returns_exit_code_stdout_stderr_and_feeds_stdin()
    {
        NetNamespace ns = CreateNamespace();
        ExecResult r = ns.Exec("echo out; echo err >&2; exit 3");
        Assert.That(r.ExitCode, Is.EqualTo(3));
        Assert.That(r.StdOut, Is.EqualTo("out\n"));
        Assert.That(r.StdErr, Is.EqualTo("err\n"));
        Assert.That(r.Success, Is.False);

        ExecResult cat = ns.Exec("tr a-z A-Z", stdin: "it's \"quoted\" $HOME\n");
        Assert.That(cat.StdOut, Is.EqualTo("IT'S \"QUOTED\" $HOME\n"));
    }

    [Test]
    public void Exec_timeout_kills_the_command()
    {
        NetNamespace ns = CreateNamespace();
        var sw = Stopwatch.StartNew();
        ExecResult r = ns.Exec("sleep 30", TimeSpan.FromMilliseconds(300));
        Assert.That(r.TimedOut, Is.True);
        Assert.That(sw.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)), "killed at the timeout, long before sleep 30 ends (not a speed bound)");
        Assert.That(ns.ProcessIds(), Is.Empty, "the timed-out command's process tree is gone");
    }

    /// <summary>
    /// A process the command left behind (an orphan, re-parented away from the command's tree) still belongs to the
    /// command's process group: the timeout kills it too, and Exec returns only once it is gone, so the namespace's
    /// process list read right after holds nothing (it failed once on a loaded machine when read too early).
    /// </summary>
    [Test]
    public void Exec_timeout_kills_an_orphaned_child_before_it_returns()
    {
        NetNamespace ns = CreateNamespace();
        ExecResult r = ns.Exec("(sleep 30 &); exec sleep 30", TimeSpan.FromMilliseconds(500));
        Assert.That(r.TimedOut, Is.True);
        Assert.That(ns.ProcessIds(), Is.Empty, "the orphaned sleep is killed with the command");
    }

    [Test]
    public void Started_processes_die_with_the_namespace()
    {
        var ns = new NetNamespace();
        int pid;
        try
        {
            BackgroundProcess p = ns.Start("exec sleep 300");
            pid = p.Pid;
            Assert.That(p.HasExited, Is.False);
        }
        finally
        {
            ns.Dispose();
        }

        Assert.That(IsRunning(pid), Is.False, "background process must be killed and reaped");
        Assert.That(NetNamespace.ListAll(), Does.Not.Contain(ns.Name));
    }

    [Test]
    public void Background_process_dispose_kills_it_and_captures_output()
    {
        NetNamespace ns = CreateNamespace();
        BackgroundProcess p = ns.Start("echo started; exec sleep 300");
        var sw = Stopwatch.StartNew();
        while (!p.StdOut.Contains("started", StringComparison.Ordinal) && sw.Elapsed < TimeSpan.FromSeconds(5))
        {
            System.Threading.Thread.Sleep(10);
        }

        Assert.That(p.StdOut, Is.EqualTo("started\n"));
        p.Dispose();
        Assert.That(p.HasExited, Is.True);
        Assert.That(ns.ProcessIds(), Is.Empty);
    }

    [Test]
    public void EnableForwarding_changes_only_the_namespace()
    {
        string hostV4 = File.ReadAllText("/proc/sys/net/ipv4/ip_forward").Trim();
        string hostV6 = File.ReadAllText("/proc/sys/net/ipv6/conf/all/forwarding").Trim();
        NetNamespace ns = CreateNamespace();
        Assert.That(ns.Exec("cat /proc/sys/net/ipv4/ip_forward").StdOut.Trim(), Is.EqualTo("0"));
        ns.EnableForwarding();
        Assert.That(ns.Exec("cat /proc/sys/net/ipv4/ip_forward").StdOut.Trim(), Is.EqualTo("1"));
        Assert.That(ns.Exec("cat /proc/sys/net/ipv6/conf/all/forwarding").StdOut.Trim(), Is.EqualTo("1"));
        Assert.That(File.ReadAllText("/proc/sys/net/ipv4/ip_forward").Trim(), Is.EqualTo(hostV4));
        Assert.That(File.ReadAllText("/proc/sys/net/ipv6/conf/all/forwarding").Trim(), Is.EqualTo(hostV6));
    }

    [Test]
    public void CleanupStale_removes_namespaces_of_dead_runs_only()
    {
        // A pid that surely belonged to a process that has exited.
        using var dead = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        dead.WaitForExit();
        int deadPid = dead.Id;
        Assume.That(IsRunning(deadPid), Is.False);

        string stale = $"rl-{deadPid}-1";
        NetNamespace.Ip("netns", "add", stale).EnsureSuccess();
        try
        {
            NetNamespace mine = CreateNamespace();
            NetNamespace.CleanupStale();
            Assert.That(NetNamespace.ListAll(), Does.Not.Contain(stale));
            Assert.That(NetNamespace.ListAll(), Does.Contain(mine.Name), "namespaces of this live run are kept");
        }
        finally
        {
            if (NetNamespace.ListAll().Contains(stale))
            {
                NetNamespace.Ip("netns", "delete", stale);
            }
        }
    }

    [Test]
    public void Interface_names_are_short_and_per_namespace()
    {
        NetNamespace a = CreateNamespace();
        NetNamespace b = CreateNamespace();
        NetNamespace c = CreateNamespace();
        Link ab = Topology.Connect(a, "10.0.1.1/24", b, "10.0.1.2/24");
        Link ac = Topology.Connect(a, "10.0.2.1/24", c, "10.0.2.2/24");
        Assert.That(ab.InterfaceA, Is.EqualTo("eth0"));
        Assert.That(ab.InterfaceB, Is.EqualTo("eth0"));
        Assert.That(ac.InterfaceA, Is.EqualTo("eth1"));
        Assert.That(ac.InterfaceB, Is.EqualTo("eth0"));
        Assert.That(Topology.Addresses(a, "eth1"), Does.Contain("10.0.2.1"));
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            return !stat.Substring(stat.LastIndexOf(')') + 1).TrimStart().StartsWith('Z');
        }
        catch (IOException)
        {
            return false;
        }
    }
}
