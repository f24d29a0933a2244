using System;
using System.IO;
using System.Linq;
using System.Text;
using NUnit.Framework;
using RuleLang.Importers.Kubernetes;

namespace RuleLang.Tests.KubeImport;

/// <summary>
/// JSON that parses but whose strings are not Unicode text (bytes that are not UTF-8, half a surrogate pair as an
/// escape) is RL0506 at the string, never an exception: JsonDocument takes such a file and throws only when the
/// string is read. A seeded fuzz puts such strings all over the example cluster.
/// </summary>
[NonParallelizable]
public class KubeUnicodeTests
{
    private const string Before = "{\n  \"kind\": \"List\",\n  \"items\": [\n    {\"kind\": \"Service\", \"apiVersion\": \"v1\",\n     \"metadata\": {\"name\": \"";
    private const string After = "\", \"namespace\": \"a\"},\n     \"spec\": {\"clusterIP\": \"10.96.0.1\", \"ports\": [{\"port\": 80}]}}\n  ]\n}\n";

    /// <summary>What goes between the quotes of a service name: raw bytes, or escapes as written in the file.</summary>
    private static readonly (string Name, byte[] Bytes, string Problem)[] Hostile =
    {
        ("byte FF", new byte[] { 0xFF }, "bytes that are not UTF-8"),
        ("lone continuation byte", new byte[] { (byte)'w', 0x80, (byte)'b' }, "bytes that are not UTF-8"),
        ("overlong slash", new byte[] { 0xC0, 0xAF }, "bytes that are not UTF-8"),
        ("cut multi-byte", new byte[] { 0xE2, 0x82 }, "bytes that are not UTF-8"),
        ("surrogate as UTF-8", new byte[] { 0xED, 0xA0, 0x80 }, "bytes that are not UTF-8"),
        ("escape \\ud800", Encoding.ASCII.GetBytes("\\ud800"), "half of a UTF-16 surrogate pair"),
        ("escape \\udc00", Encoding.ASCII.GetBytes("web\\udc00"), "half of a UTF-16 surrogate pair"),
        ("escape \\ud800 then A", Encoding.ASCII.GetBytes("\\ud800\\u0041"), "half of a UTF-16 surrogate pair"),
    };

    private static byte[] Document(byte[] name) =>
        Encoding.UTF8.GetBytes(Before).Concat(name).Concat(Encoding.UTF8.GetBytes(After)).ToArray();

    public static TestCaseData[] Cases() => Hostile.Select(h => new TestCaseData(h.Bytes, h.Problem).SetArgDisplayNames(h.Name)).ToArray();

    [TestCaseSource(nameof(Cases))]
    public void A_string_that_is_not_Unicode_is_an_error_at_the_string(byte[] name, string problem)
    {
        var result = KubeClusterImporter.Import(Document(name), "cluster.json", "cluster");

        Assert.That(result.Succeeded, Is.False);
        var error = result.Diagnostics.Single(d => d.IsError);
        Assert.That(error.Id, Is.EqualTo("RL0506"));
        Assert.That(error.ToString(), Does.StartWith("cluster.json(5,27): error RL0506: a string is not Unicode text: ").And.Contain(problem));
        Assert.That(result.Policy.Intents, Is.Empty);
    }

    [Test]
    public void A_field_name_that_is_not_Unicode_is_an_error_at_the_name()
    {
        byte[] json = Encoding.UTF8.GetBytes("{\"kind\": \"List\", \"items\": [], \"x\\ud800\": 1}");
        var error = KubeClusterImporter.Import(json, "cluster.json", "cluster").Diagnostics.Single();
        Assert.That(error.ToString(), Does.StartWith("cluster.json(1,31): error RL0506: a field name is not Unicode text"));
    }

    [TestCaseSource(nameof(Cases))]
    public void Rulelang_kube_reports_it_with_the_path_and_writes_nothing(byte[] name, string problem)
    {
        string dir = Directory.CreateTempSubdirectory("rulelang-kube-text-").FullName;
        try
        {
            string file = Path.Combine(dir, "cluster.json");
            File.WriteAllBytes(file, Document(name));
            string outDir = Path.Combine(dir, "out");

            var (code, stdout, stderr) = CliRunner.Run("kube", file, "--out", outDir);

            Assert.That(code, Is.EqualTo(1));
            Assert.That(stdout, Is.Empty);
            Assert.That(stderr, Does.StartWith($"{file}(5,27): error RL0506: ").And.Contain(problem));
            Assert.That(stderr, Does.Not.Contain("   at ").And.Not.Contain("Exception"));
            Assert.That(Directory.Exists(outDir), Is.False);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>The example cluster with a hostile string spliced into random strings and field names: diagnostics only.</summary>
    [Test]
    public void The_example_with_hostile_strings_anywhere_is_diagnosed_never_thrown()
    {
        byte[] example = File.ReadAllBytes(KubeClusterExampleTests.ClusterJson);
        int[] quotes = Enumerable.Range(0, example.Length).Where(i => example[i] == (byte)'"').ToArray();
        var random = new Random(20261207);
        for (int round = 0; round < 300; round++)
        {
            // Just after an opening or a closing quote: inside a string or a name, or (after a closing one) outside,
            // where it is not JSON at all.
            int at = quotes[random.Next(quotes.Length)] + 1;
            var hostile = Hostile[random.Next(Hostile.Length)];
            byte[] mutated = example.AsSpan(0, at).ToArray().Concat(hostile.Bytes).Concat(example.AsSpan(at).ToArray()).ToArray();

            KubeImportResult result = null!;
            Assert.DoesNotThrow(() => result = KubeClusterImporter.Import(mutated, "cluster.json", "cluster"), $"round {round}: {hostile.Name} at byte {at}");
            Assert.That(result.Succeeded, Is.False, $"round {round}: {hostile.Name} at byte {at}");
            Assert.That(result.Diagnostics.Where(d => d.IsError).Select(d => d.Id), Is.All.AnyOf("RL0501", "RL0506"), $"round {round}");
        }
    }
}
