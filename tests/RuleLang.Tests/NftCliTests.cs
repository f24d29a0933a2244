using System;
using System.IO;
using NUnit.Framework;
using RuleLang.Cli;

namespace RuleLang.Tests;

/// <summary>`rulelang emit --format nft`, in process on this assembly's fixture policies.</summary>
[NonParallelizable]
public class NftCliTests
{
    private static readonly string ThisAssembly = typeof(NftCliTests).Assembly.Location;
    private string _out = "";

    [SetUp]
    public void SetUp() => _out = Directory.CreateTempSubdirectory("rulelang-nft-cli-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_out, recursive: true);

    [Test]
    public void Format_nft_writes_policy_dot_nft_only()
    {
        var (code, stdout) = Run("emit", ThisAssembly, "--policy", "cli-good", "--format", "nft", "--out", _out);

        Assert.That(code, Is.EqualTo(0), stdout);
        Assert.That(Directory.GetFiles(_out), Is.EqualTo(new[] { Path.Combine(_out, "cli-good.nft") }));
        Assert.That(File.ReadAllText(Path.Combine(_out, "cli-good.nft")), Does.Contain("\t\tip saddr 10.0.0.0/8 tcp dport 22 accept\n"));
    }

    [Test]
    public void Without_format_no_nft_is_written()
    {
        var (code, stdout) = Run("emit", ThisAssembly, "--policy", "cli-good", "--out", _out);

        Assert.That(code, Is.EqualTo(0), stdout);
        Assert.That(File.Exists(Path.Combine(_out, "cli-good.nft")), Is.False);
    }

    private static (int Code, string StdOut) Run(params string[] args)
    {
        var oldOut = Console.Out;
        var oldError = Console.Error;
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            return (Program.Main(args), stdout + stderr.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
        }
    }
}
