using System.IO;
using System.Text;
using NUnit.Framework;

namespace RuleLang.Tests;

/// <summary>
/// Hostile bytes in the files the CLI reads: text echoed in a diagnostic cannot drive the terminal, and bytes that
/// are not UTF-8 are reported at their place rather than quietly turned into U+FFFD.
/// </summary>
[NonParallelizable]
public class InputTrustCliTests
{
    private const string Tables = "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n";
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("rulelang-trust-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void A_hostile_dump_line_is_echoed_with_its_control_and_bidi_characters_escaped()
    {
        string dump = Write("hostile.rules", "x\u001b[2J\rfake ok\u202egnp.exe\u0085\u2066end\n" + Tables + "COMMIT\n");

        var (code, stdout, stderr) = CliRunner.Run("check", dump);

        string printed = stdout + stderr;
        Assert.That(code, Is.EqualTo(1));
        Assert.That(printed, Does.Contain("error RL0208: 'x\\x1b[2J\\x0dfake ok\\u202egnp.exe\\x85\\u2066end' is outside a table"));
        foreach (char raw in "\u001b\r\u202e\u0085\u2066")
        {
            Assert.That(printed.IndexOf(raw), Is.EqualTo(-1), $"U+{(int)raw:X4} reached the terminal raw");
        }
    }

    [Test]
    public void Invalid_utf8_in_a_dump_is_reported_at_its_line_and_byte_and_nothing_is_emitted()
    {
        byte[] head = Encoding.UTF8.GetBytes(Tables + "-A INPUT -m comment --comment \"caf");
        string dump = WriteBytes("latin1.rules", Concat(head, new byte[] { 0xE9 }, Encoding.UTF8.GetBytes("\" -j ACCEPT\nCOMMIT\n")));

        var (code, stdout, stderr) = CliRunner.Run("emit", dump, "--format", "iptables");

        Assert.That(code, Is.EqualTo(1));
        Assert.That(stdout + stderr, Does.Contain($"{dump}(5,35): error RL0213: byte 0xE9 at byte offset {head.Length} is not UTF-8"));
        Assert.That(stdout + stderr, Does.Not.Contain("\ufffd"));
        Assert.That(stdout, Does.Not.Contain("*filter"), "no ruleset is printed");
        Assert.That(CliRunner.Run("import", dump, "--to", "rl").StdOut, Is.Empty, "import writes no source either");
    }

    [Test]
    public void Invalid_utf8_in_an_rl_comment_is_reported_at_its_line_and_nothing_is_emitted()
    {
        byte[] head = Encoding.UTF8.GetBytes("policy latin\n\ntable filter {\n    chain INPUT policy drop {\n        tcp dport 22 comment \"caf");
        string rl = WriteBytes("latin.rl", Concat(head, new byte[] { 0xE9, 0x22 }, Encoding.UTF8.GetBytes(" accept\n    }\n}\n")));
        string outDir = Path.Combine(_dir, "rulesets");

        var (code, stdout, stderr) = CliRunner.Run("emit", rl, "--out", outDir);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(stdout + stderr, Does.Contain($"{rl}(5,34): error RL0415: byte 0xE9 at byte offset {head.Length} is not UTF-8"));
        Assert.That(Directory.Exists(outDir), Is.False, "nothing is written");
    }

    [Test]
    public void Invalid_utf8_in_an_included_rl_file_is_reported_in_that_file()
    {
        string library = WriteBytes("lib.rl", Concat(Encoding.UTF8.GetBytes("define ssh = 22\n# \u00e9t"), new byte[] { 0xC3, 0x28 }, Encoding.UTF8.GetBytes("\n")));
        string rl = Write("main.rl", "policy main\ninclude \"lib.rl\"\n\ntable filter {\n    chain INPUT policy drop {\n        tcp dport $ssh accept\n    }\n}\n");

        var (code, stdout, stderr) = CliRunner.Run("emit", rl, "--format", "iptables");

        Assert.That(code, Is.EqualTo(1));
        Assert.That(stdout + stderr, Does.Contain($"{library}(2,5): error RL0415: byte 0xC3 at byte offset 21 is not UTF-8"));
        Assert.That(stdout, Does.Not.Contain("*filter"));
    }

    [Test]
    public void A_utf8_byte_order_mark_at_the_start_is_still_accepted()
    {
        string rl = WriteBytes("bom.rl", Concat(new byte[] { 0xEF, 0xBB, 0xBF }, Encoding.UTF8.GetBytes("policy bom\n\ntable filter {\n    chain INPUT policy drop {\n        tcp dport 22 comment \"caf\u00e9\" accept\n    }\n}\n")));

        var (code, stdout, stderr) = CliRunner.Run("emit", rl, "--format", "iptables");

        Assert.That(code, Is.EqualTo(0), stdout + stderr);
        Assert.That(stdout, Does.Contain("--comment \"caf\u00e9\" -j ACCEPT"));
    }

    private string Write(string name, string text) => WriteBytes(name, Encoding.UTF8.GetBytes(text));

    private string WriteBytes(string name, byte[] bytes)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static byte[] Concat(params byte[][] parts)
    {
        using var all = new MemoryStream();
        foreach (var part in parts)
        {
            all.Write(part);
        }
        return all.ToArray();
    }
}
