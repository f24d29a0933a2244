using System.IO;
using NUnit.Framework;

namespace RuleLang.Tests;

/// <summary>
/// rulelang import writes --name and --namespace into the source as code, so a bad one is refused before
/// anything is read; and with --out no error path writes (or replaces) the file.
/// </summary>
[NonParallelizable]
public class ImportOptionTests
{
    private const string Dump = "*filter\n:INPUT DROP [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\nCOMMIT\n";
    private string _dir = "";
    private string _dump = "";

    [SetUp]
    public void SetUp()
    {
        _dir = Directory.CreateTempSubdirectory("rulelang-import-").FullName;
        _dump = Path.Combine(_dir, "host.rules");
        File.WriteAllText(_dump, Dump);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [TestCase("a\nallow tcp dport 4444", "rl")]
    [TestCase("web\n", "rl")]
    [TestCase("web\"; } class X { //", "csharp")]
    [TestCase("web server", "rl")]
    [TestCase("9web", "csharp")]
    public void A_name_that_is_not_a_policy_name_is_refused_and_nothing_is_written_or_printed(string name, string to)
    {
        string target = Path.Combine(_dir, "out." + to);
        File.WriteAllText(target, "old\n");

        var (code, stdout, stderr) = CliRunner.Run("import", _dump, "--to", to, "--name", name, "--out", target);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(stderr, Does.StartWith("--name: error RL0112: policy name '"));
        Assert.That(stderr.TrimEnd('\n'), Does.Not.Contain("\n"), "the hostile name is not echoed raw");
        Assert.That(File.ReadAllText(target), Is.EqualTo("old\n"));
        Assert.That(Directory.GetFiles(_dir), Is.EquivalentTo(new[] { _dump, target }));

        var printed = CliRunner.Run("import", _dump, "--to", to, "--name", name);
        Assert.That((printed.Code, printed.StdOut), Is.EqualTo((1, "")));
    }

    [TestCase("Site.Firewall;\nclass Evil { }")]
    [TestCase("Site..Firewall")]
    [TestCase("class")]
    [TestCase("")]
    public void A_namespace_that_is_not_a_csharp_namespace_is_refused(string @namespace)
    {
        string target = Path.Combine(_dir, "Host.cs");
        var (code, stdout, stderr) = CliRunner.Run("import", _dump, "--to", "csharp", "--namespace", @namespace, "--out", target);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(stdout, Is.Empty);
        Assert.That(stderr, Does.StartWith("--namespace: error RL0720: --namespace '"));
        Assert.That(File.Exists(target), Is.False);
    }

    [Test]
    public void With_out_a_partial_import_writes_no_file_and_without_it_prints_the_source_with_comments()
    {
        File.WriteAllText(_dump, Dump.Replace("COMMIT", "-A INPUT -m time --weekdays Sat,Sun -j DROP\nCOMMIT", System.StringComparison.Ordinal));
        string target = Path.Combine(_dir, "host.rl");
        File.WriteAllText(target, "# the reviewed import\n");

        var (code, stdout, stderr) = CliRunner.Run("import", _dump, "--to", "rl", "--out", target);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(stdout, Is.Empty);
        Assert.That(stderr, Does.Contain("error RL0201").And.Contain($"rulelang: {target} was not written"));
        Assert.That(File.ReadAllText(target), Is.EqualTo("# the reviewed import\n"), "a failed run leaves the old file as it was");
        Assert.That(Directory.GetFiles(_dir), Is.EquivalentTo(new[] { _dump, target }), "and no temporary file");

        var printed = CliRunner.Run("import", _dump, "--to", "rl");
        Assert.That(printed.Code, Is.EqualTo(1));
        Assert.That(printed.StdOut, Does.Contain("# not imported (" + _dump + ":6): -A INPUT -m time --weekdays Sat,Sun -j DROP"));
    }

    [Test]
    public void A_good_name_and_namespace_are_written()
    {
        string target = Path.Combine(_dir, "Edge.cs");
        var (code, _, stderr) = CliRunner.Run("import", _dump, "--to", "csharp", "--name", "edge-1", "--namespace", "Site.Firewall", "--out", target);
        Assert.That(code, Is.EqualTo(0), stderr);
        Assert.That(File.ReadAllText(target), Does.Contain("namespace Site.Firewall;").And.Contain("public override string Name => \"edge-1\";"));
    }
}
