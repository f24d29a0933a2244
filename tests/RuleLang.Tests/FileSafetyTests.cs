using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using NUnit.Framework;
using RuleLang.Testing;

namespace RuleLang.Tests;

/// <summary>
/// What the CLI reads and writes (issue 11, points 3 to 5): an include reads only regular files inside the policy's
/// folder or a folder allowed with --include-dir, nothing read ever blocks on a FIFO or grows without bound, and a
/// write that cannot happen is a diagnostic that leaves every old file as it was.
/// </summary>
[NonParallelizable]
public class FileSafetyTests
{
    /// <summary>Long enough for a loaded CI machine; a hang on a FIFO would last forever.</summary>
    private static readonly TimeSpan NoHang = TimeSpan.FromSeconds(60);

    private const string Secret = "SECRET_TOKEN_4f1c";

    private string _root = "";
    private string _project = "";
    private string _outside = "";

    [SetUp]
    public void SetUp()
    {
        _root = Directory.CreateTempSubdirectory("rulelang-files-").FullName;
        _project = Directory.CreateDirectory(Path.Combine(_root, "project")).FullName;
        _outside = Directory.CreateDirectory(Path.Combine(_root, "outside")).FullName;
        File.WriteAllText(Path.Combine(_outside, "secret.rl"), Secret + " x\n" + Secret + "2\n");
        File.WriteAllText(Path.Combine(_outside, "common.rl"), "allow tcp dport 22\n");
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_root, recursive: true);

    [Test]
    public void An_include_outside_the_policy_folder_is_refused_without_reading_it()
    {
        string web = Policy("include \"../outside/secret.rl\"");

        Assert.That(Refused("check", web), Does.Contain("error RL0701: cannot include \"../outside/secret.rl\"").And.Not.Contain(Secret));
    }

    [Test]
    public void Absolute_includes_of_system_files_are_refused()
    {
        string web = Policy("include \"/etc/passwd\"\ninclude \"/proc/self/environ\"");

        var (code, stdout, stderr) = RunBounded("check", web);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(stdout + stderr, Does.Contain("RL0701: cannot include \"/etc/passwd\""));
        Assert.That(stdout + stderr, Does.Contain("RL0701: cannot include \"/proc/self/environ\""));
        Assert.That(stdout + stderr, Does.Not.Contain("root"), "nothing of /etc/passwd is echoed");
    }

    [Test]
    public void A_symlink_that_leaves_the_policy_folder_is_refused()
    {
        File.CreateSymbolicLink(Path.Combine(_project, "secret.rl"), Path.Combine(_outside, "secret.rl"));
        File.CreateSymbolicLink(Path.Combine(_project, "zero.rl"), "/dev/zero");
        string web = Policy("include \"secret.rl\"\ninclude \"zero.rl\"");

        var (code, stdout, stderr) = RunBounded("check", web);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(stdout + stderr, Does.Contain("RL0701: cannot include \"secret.rl\""));
        Assert.That(stdout + stderr, Does.Contain("RL0701: cannot include \"zero.rl\""));
        Assert.That(stdout + stderr, Does.Not.Contain(Secret));
    }

    [Test]
    public void Include_dir_allows_a_folder_outside_the_policy_folder()
    {
        string web = Policy("include \"../outside/common.rl\"");

        var (code, stdout, stderr) = RunBounded("emit", web, "--include-dir", _outside);

        Assert.That(code, Is.EqualTo(0), stdout + stderr);
        Assert.That(stdout, Does.Contain("--dport 22 -j ACCEPT"));
    }

    [Test]
    public void A_file_that_is_not_rl_is_reported_once_without_quoting_any_of_it()
    {
        File.WriteAllText(Path.Combine(_project, "notes.rl"), Secret + "=hunter2\nsecond " + Secret + "\n\0binary\n");
        string web = Policy("include \"notes.rl\"");

        var included = RunBounded("check", web);
        var named = RunBounded("check", Path.Combine(_project, "notes.rl"));

        foreach (var (code, stdout, stderr) in new[] { included, named })
        {
            Assert.That(code, Is.EqualTo(1));
            Assert.That(stdout + stderr, Does.Contain("notes.rl(1,1): error RL0706: "));
            Assert.That(stdout + stderr, Does.Not.Contain(Secret));
            Assert.That(stdout + stderr, Does.Not.Contain("hunter2"));
        }
    }

    [Test]
    public void An_included_fifo_is_refused_and_does_not_hang()
    {
        MakeFifo(Path.Combine(_project, "pipe.rl"));
        string web = Policy("include \"pipe.rl\"");

        Assert.That(Refused("check", web), Does.Contain("error RL0702: ").And.Contain("pipe.rl is a named pipe (FIFO), not a regular file"));
    }

    [Test]
    public void An_included_file_over_the_size_limit_is_refused_before_it_is_read()
    {
        using (var big = File.Create(Path.Combine(_project, "big.rl")))
        {
            big.SetLength(5L * 1024 * 1024); // sparse: the size is what counts
        }
        string web = Policy("include \"big.rl\"");

        Assert.That(Refused("check", web), Does.Contain("error RL0703: ").And.Contain("big.rl is larger than 4 MB"));
    }

    [Test]
    public void A_policy_input_that_is_a_fifo_is_refused_and_does_not_hang()
    {
        string pipe = Path.Combine(_project, "pipe.rl");
        MakeFifo(pipe);

        Assert.That(Refused("check", pipe), Does.Contain("error RL0702: "));
    }

    [Test]
    public void Verify_and_accept_refuse_a_fifo_and_a_device_in_the_rulesets_folder()
    {
        string web = Policy("allow tcp dport 22");
        string rulesets = Directory.CreateDirectory(Path.Combine(_root, "rulesets")).FullName;
        MakeFifo(Path.Combine(rulesets, "web.nft"));
        File.CreateSymbolicLink(Path.Combine(rulesets, "web.iptables"), "/dev/zero");
        MakeFifo(Path.Combine(rulesets, "stale.nft"));

        var verify = RunBounded("verify", web, "--format", "iptables", "--format", "nft", "--rulesets", rulesets);

        Assert.That(verify.Code, Is.EqualTo(1));
        Assert.That(verify.StdOut + verify.StdErr, Does.Contain("RL0702"));
        Assert.That(verify.StdOut + verify.StdErr, Does.Not.Contain("   at "));

        var accept = RunBounded("accept", web, "--format", "iptables", "--format", "nft", "--out", rulesets);

        Assert.That(accept.Code, Is.EqualTo(1), accept.StdOut + accept.StdErr);
        Assert.That(accept.StdOut + accept.StdErr, Does.Contain("RL0702"));
        Assert.That(accept.StdOut + accept.StdErr, Does.Not.Contain("   at "));
        Assert.That(File.ResolveLinkTarget(Path.Combine(rulesets, "web.iptables"), returnFinalTarget: false)?.FullName, Is.EqualTo("/dev/zero"), "nothing was replaced");
    }

    [TestCase("emit")]
    [TestCase("accept")]
    public void Out_naming_a_regular_file_is_a_diagnostic(string command)
    {
        string web = Policy("allow tcp dport 22");
        string file = Path.Combine(_root, "a-file");
        File.WriteAllText(file, "keep");

        var (code, stdout, stderr) = RunBounded(command, web, "--out", file);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(stderr, Does.Contain($"{file}: error RL0704: cannot write {file}: it is a file, not a folder"));
        Assert.That(stdout + stderr, Does.Not.Contain("   at "));
        Assert.That(File.ReadAllText(file), Is.EqualTo("keep"));
    }

    [Test]
    public void Out_naming_proc_self_is_a_diagnostic()
    {
        string web = Policy("allow tcp dport 22");

        Assert.That(Refused("emit", web, "--out", "/proc/self"), Does.Contain("error RL0704: cannot write /proc/self"));
    }

    [Test]
    public void Kube_and_import_out_that_cannot_be_written_are_diagnostics()
    {
        string file = Path.Combine(_root, "a-file");
        File.WriteAllText(file, "keep");
        string json = Path.Combine(_root, "cluster.json");
        File.WriteAllText(json, "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[]}");
        string dump = Path.Combine(_root, "host.rules");
        File.WriteAllText(dump, "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\nCOMMIT\n");

        var kube = RunBounded("kube", json, "--out", file);
        var import = RunBounded("import", dump, "--to", "rl", "--out", Path.Combine(file, "host.rl"));
        var importProc = RunBounded("import", dump, "--to", "rl", "--out", "/proc/self");

        foreach (var (code, stdout, stderr) in new[] { kube, import, importProc })
        {
            Assert.That(code, Is.EqualTo(1), stdout + stderr);
            Assert.That(stderr, Does.Contain("error RL0704: cannot write "));
            Assert.That(stdout + stderr, Does.Not.Contain("   at "));
        }
        Assert.That(File.ReadAllText(file), Is.EqualTo("keep"));
    }

    [Test]
    public void A_run_removes_temp_files_a_killed_run_left()
    {
        string web = Policy("allow tcp dport 22");
        string rulesets = Directory.CreateDirectory(Path.Combine(_root, "rulesets")).FullName;
        Assert.That(RunBounded("emit", web, "--out", rulesets).Code, Is.EqualTo(0));
        string leftover = Path.Combine(rulesets, ".web.iptables.0123456789abcdef.rulelang-tmp");
        File.WriteAllText(leftover, "half a ruleset");

        // Nothing changed, so nothing is written: the leftover goes all the same.
        var (code, stdout, stderr) = RunBounded("emit", web, "--out", rulesets);

        Assert.That(code, Is.EqualTo(0), stdout + stderr);
        Assert.That(File.Exists(leftover), Is.False);
        Assert.That(Directory.GetFiles(rulesets).Select(Path.GetFileName), Is.EquivalentTo(new[] { "web.iptables" }));
    }

    [Test]
    public void A_run_killed_after_writing_its_temp_files_leaves_the_old_set_and_the_next_run_cleans_up()
    {
        string web = Policy("allow tcp dport 22");
        string rulesets = Directory.CreateDirectory(Path.Combine(_root, "rulesets")).FullName;
        Assert.That(RunBounded("emit", web, "--format", "iptables", "--format", "nft", "--out", rulesets).Code, Is.EqualTo(0));
        string[] names = { "web.iptables", "web.nft" };
        var old = names.ToDictionary(n => n, n => File.ReadAllText(Path.Combine(rulesets, n)));
        File.WriteAllText(web, File.ReadAllText(web) + "allow tcp dport 443\n");

        // The writer's test hook stops the run once every temp file is written and synced, before any rename: the
        // kill lands there every time, whatever the machine's load.
        string marker = Path.Combine(_root, "held");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { typeof(Cli.Program).Assembly.Location, "emit", web, "--format", "iptables", "--format", "nft", "--out", rulesets })
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["RULELANG_TEST_HOLD_BEFORE_RENAME"] = marker;
        using (var run = Process.Start(start)!)
        {
            var deadline = DateTime.UtcNow + NoHang;
            while (!File.Exists(marker) && !run.HasExited && DateTime.UtcNow < deadline)
            {
                System.Threading.Thread.Sleep(20);
            }
            Assert.That(File.Exists(marker), Is.True, "the run reached the point before its renames: " + (run.HasExited ? run.StandardError.ReadToEnd() : "timed out"));
            run.Kill(); // SIGKILL on Unix
            run.WaitForExit();
        }

        Assert.That(names.ToDictionary(n => n, n => File.ReadAllText(Path.Combine(rulesets, n))), Is.EqualTo(old), "the old pair is intact");
        Assert.That(Directory.GetFiles(rulesets, "*.rulelang-tmp", SearchOption.TopDirectoryOnly), Has.Length.EqualTo(2), "the killed run's temp files are there");

        var next = RunBounded("emit", web, "--format", "iptables", "--format", "nft", "--out", rulesets);

        Assert.That(next.Code, Is.EqualTo(0), next.StdOut + next.StdErr);
        Assert.That(Directory.GetFiles(rulesets).Select(Path.GetFileName), Is.EquivalentTo(names), "no temp file is left");
        Assert.That(File.ReadAllText(Path.Combine(rulesets, "web.nft")), Does.Contain("443"));
    }

    private string Policy(string body)
    {
        string path = Path.Combine(_project, "web.rl");
        File.WriteAllText(path, "policy web\n" + body + "\n");
        return path;
    }

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start("mkfifo", new[] { path })!;
        mkfifo.WaitForExit();
        Assert.That(mkfifo.ExitCode, Is.EqualTo(0), "mkfifo " + path);
    }

    /// <summary>What a run that must fail printed (both streams), once it is known to have failed with a diagnostic.</summary>
    private static string Refused(params string[] args)
    {
        var (code, stdout, stderr) = RunBounded(args);
        Assert.That(code, Is.EqualTo(1), stdout + stderr);
        Assert.That(stdout + stderr, Does.Not.Contain("   at "), "a diagnostic, not a stack trace");
        return stdout + stderr;
    }

    /// <summary>The CLI in process, failing the test (instead of hanging it) when the run does not end.</summary>
    private static (int Code, string StdOut, string StdErr) RunBounded(params string[] args)
    {
        var run = Task.Run(() => CliRunner.Run(args));
        Assert.That(run.Wait(NoHang), Is.True, "rulelang " + string.Join(" ", args) + " did not end");
        return run.Result;
    }
}
