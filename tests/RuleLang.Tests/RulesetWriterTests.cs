using System;
using System.IO;
using System.Text;
using NUnit.Framework;
using RuleLang.Compiler;

namespace RuleLang.Tests;

public class RulesetWriterTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("rulelang-writer-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Writes_new_files_and_leaves_unchanged_ones_untouched()
    {
        var ruleset = new EmittedRuleset("web", RulesetFormat.Iptables, "web.iptables", Encoding.UTF8.GetBytes("*filter\nCOMMIT\n"));
        Assert.That(RulesetWriter.Write(_dir, new[] { ruleset }), Has.Count.EqualTo(1));
        string path = Path.Combine(_dir, "web.iptables");
        var stamp = new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, stamp);

        Assert.That(RulesetWriter.Write(_dir, new[] { ruleset }), Is.Empty);
        Assert.That(File.GetLastWriteTimeUtc(path), Is.EqualTo(stamp));

        Assert.That(RulesetWriter.Write(_dir, new[] { ruleset with { Content = Encoding.UTF8.GetBytes("*nat\nCOMMIT\n") } }), Has.Count.EqualTo(1));
        Assert.That(File.ReadAllText(path), Is.EqualTo("*nat\nCOMMIT\n"));
        Assert.That(Directory.GetFiles(_dir), Has.Length.EqualTo(1), "no temporary file is left behind");
    }
}
