using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using NUnit.Framework;
using RuleLang.KernelTests.Harness;

namespace RuleLang.KernelTests;

/// <summary>
/// The write side against a real file system (issue 11, points 4 and 5): on a small tmpfs that a ruleset set does
/// not fit, and on one remounted read-only, `rulelang emit` reports RL0704, exits 1, and leaves the old pair of
/// files exactly as it was, with no temporary file beside them. The tmpfs is mounted in a private mount
/// namespace (unshare -m) that dies with the script, so nothing of the host's is ever mounted over or left mounted.
/// </summary>
[NonParallelizable]
public sealed class OutputFileKernelTests : KernelTestBase
{
    private static readonly string Cli = Path.Combine(AppContext.BaseDirectory, "RuleLang.Cli.dll");

    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("rulelang-outfs-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void A_full_disk_and_a_read_only_folder_leave_the_old_pair_intact()
    {
        string small = Policy("small", 3);
        string big = Policy("big", 6000); // about 270 KB per file: the .iptables fits on the tmpfs, the pair does not
        string medium = Policy("medium", 10);
        string mount = Directory.CreateDirectory(Path.Combine(_dir, "mnt")).FullName;
        string before = Directory.CreateDirectory(Path.Combine(_dir, "before")).FullName;
        string afterFull = Directory.CreateDirectory(Path.Combine(_dir, "after-full")).FullName;
        string afterReadOnly = Directory.CreateDirectory(Path.Combine(_dir, "after-ro")).FullName;
        string emit = $"dotnet {Shell.Quote(Cli)} emit --format iptables --format nft --out {Shell.Quote(mount)}";
        string script = string.Join("\n", new[]
        {
            "set -e",
            $"mount -t tmpfs -o size=360k rulelang-test {Shell.Quote(mount)}",
            $"{emit} {Shell.Quote(small)} >/dev/null",
            $"cp -a {Shell.Quote(mount)}/. {Shell.Quote(before)}/",
            $"rc=0; {emit} {Shell.Quote(big)} >{Shell.Quote(Path.Combine(_dir, "full.out"))} 2>{Shell.Quote(Path.Combine(_dir, "full.err"))} || rc=$?; echo $rc >{Shell.Quote(Path.Combine(_dir, "full.rc"))}",
            $"cp -a {Shell.Quote(mount)}/. {Shell.Quote(afterFull)}/",
            $"mount -o remount,ro {Shell.Quote(mount)}",
            $"rc=0; {emit} {Shell.Quote(medium)} >{Shell.Quote(Path.Combine(_dir, "ro.out"))} 2>{Shell.Quote(Path.Combine(_dir, "ro.err"))} || rc=$?; echo $rc >{Shell.Quote(Path.Combine(_dir, "ro.rc"))}",
            $"cp -a {Shell.Quote(mount)}/. {Shell.Quote(afterReadOnly)}/",
        });

        ProcessRunner.Run("unshare", new[] { "-m", "--propagation", "private", "sh", "-c", script }, null, TimeSpan.FromMinutes(5)).EnsureSuccess("the tmpfs script");

        var old = Snapshot(before);
        Assert.That(old.Keys, Is.EquivalentTo(new[] { "web.iptables", "web.nft" }));
        Assert.That(Read("full.rc"), Is.EqualTo("1"), Read("full.out") + Read("full.err"));
        Assert.That(Read("full.err"), Does.Contain("error RL0704: cannot write ").And.Contain("no space left on the device; no output file was changed"));
        Assert.That(Read("full.err") + Read("full.out"), Does.Not.Contain("   at "));
        Assert.That(Snapshot(afterFull), Is.EqualTo(old), "the old pair, and nothing else (no temp file)");

        Assert.That(Read("ro.rc"), Is.EqualTo("1"), Read("ro.out") + Read("ro.err"));
        Assert.That(Read("ro.err"), Does.Contain("error RL0704: cannot write "));
        Assert.That(Read("ro.err") + Read("ro.out"), Does.Not.Contain("   at "));
        Assert.That(Snapshot(afterReadOnly), Is.EqualTo(old));
    }

    /// <summary>A policy "web" of <paramref name="ports"/> allow lines, one rule each.</summary>
    private string Policy(string name, int ports)
    {
        var text = new StringBuilder("policy web\n");
        for (int port = 1; port <= ports; port++)
        {
            text.Append("allow tcp dport ").Append(port).Append('\n');
        }
        string path = Path.Combine(_dir, name + ".rl");
        File.WriteAllText(path, text.ToString());
        return path;
    }

    private string Read(string name) => File.ReadAllText(Path.Combine(_dir, name)).Trim();

    private static Dictionary<string, string> Snapshot(string folder) =>
        Directory.GetFiles(folder).ToDictionary(p => Path.GetFileName(p), p => Convert.ToHexString(File.ReadAllBytes(p)), StringComparer.Ordinal);
}
