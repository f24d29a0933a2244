using System;
using System.IO;
using NUnit.Framework;

namespace RuleLang.Tests;

/// <summary>`rulelang import` tells an nft ruleset from an iptables dump by its content, and reports what it leaves out.</summary>
public class NftImportCliTests
{
    private string _dir = "";

    [SetUp]
    public void CreateFolder()
    {
        _dir = Path.Combine(Path.GetTempPath(), "rulelang-nft-import-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_dir, recursive: true);

    private const string Ruleset = "table inet host {\n\tchain input {\n\t\ttype filter hook input priority filter; policy drop;\n"
        + "\t\tiifname \"lo\" accept\n\t\ttcp dport 22 accept comment \"ssh\"\n\t}\n}\n";

    [Test]
    public void An_nft_listing_imports_as_rl_without_a_flag()
    {
        string path = Path.Combine(_dir, "host.nft");
        File.WriteAllText(path, Ruleset);
        var (code, stdout, stderr) = CliRunner.Run("import", path, "--to", "rl");

        Assert.That(code, Is.EqualTo(0), stderr);
        Assert.That(stderr, Is.Empty);
        Assert.That(stdout, Does.Contain("table filter {\n    chain INPUT policy drop {\n        iif lo accept\n        tcp dport 22 comment \"ssh\" accept\n    }\n}"));
    }

    [Test]
    public void A_line_the_model_cannot_hold_is_a_comment_in_the_source_and_an_error_at_its_line()
    {
        string path = Path.Combine(_dir, "host.nft");
        File.WriteAllText(path, Ruleset.Replace("\t\tiifname", "\t\tmeta cpu 1 accept\n\t\tiifname", StringComparison.Ordinal));
        var (code, stdout, stderr) = CliRunner.Run("import", path, "--to", "csharp");

        Assert.That(code, Is.EqualTo(1));
        Assert.That(stdout, Does.Contain($"// not imported ({path}:4): meta cpu 1 accept"));
        Assert.That(stdout, Does.Contain("p.Filter.Input.Tcp().DestinationPort(22).Comment(\"ssh\").Accept();"));
        Assert.That(stderr, Does.Contain($"{path}(4,8): error RL0220: meta cpu cannot be imported: the model has no such meta test"));
    }

    [Test]
    public void An_nft_listing_is_imported_alone()
    {
        string nft = Path.Combine(_dir, "host.nft");
        string dump = Path.Combine(_dir, "host.rules");
        File.WriteAllText(nft, Ruleset);
        File.WriteAllText(dump, "*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n");
        var (code, stdout, stderr) = CliRunner.Run("import", dump, nft, "--to", "rl");

        Assert.That(code, Is.EqualTo(1));
        Assert.That(stdout, Is.Empty);
        Assert.That(stderr, Does.Contain("an nft ruleset holds both families already; import it alone"));
    }
}
