using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using NUnit.Framework;
using RuleLang.Testing;
using RuleLang.Text;

namespace RuleLang.Tests.Text;

/// <summary>
/// The parser on inputs nobody would write: token soup from the grammar's vocabulary, random bytes, and the
/// valid samples mangled. It must never throw, never hang, and every diagnostic must be well formed. About five
/// seconds with a fixed seed; RULELANG_FUZZ_SECONDS=N runs longer (the seed then still starts the same).
/// </summary>
public class RlFuzzTests
{
    private const int Seed = 20261125;
    private static readonly TimeSpan PerInput = TimeSpan.FromSeconds(2);

    private static readonly string[] Vocabulary =
    {
        "policy", "include", "define", "table", "chain", "allow", "redirect", "forward", "masquerade", "service", "cluster",
        "raw", "mangle", "nat", "filter", "security", "INPUT", "OUTPUT", "FORWARD", "PREROUTING", "POSTROUTING",
        "tcp", "udp", "sctp", "icmp", "icmpv6", "proto", "all", "saddr", "daddr", "iif", "oif", "sport", "dport", "state",
        "new", "established", "related", "invalid", "untracked", "snat", "dnat", "mark", "stype", "dtype", "local",
        "broadcast", "random", "nth", "every", "packet", "limit", "burst", "second", "minute", "type", "echo-request",
        "comment", "accept", "drop", "return", "reject", "with", "tcp-reset", "jump", "goto", "log", "prefix", "level",
        "to", "random-fully", "set", "connmark", "save", "restore", "dscp", "af41", "notrack", "port", "nodeport",
        "endpoints", "cidr", "masquerade-bit", "!=", "{", "}", ",", "=", "/", ":", "[", "]", "$office", "$", "\"", "\"x\"",
        "\"a\\\"b\"", "\\", "#", "22", "80-90", "0x10", "0.5", "65536", "99999999999999999999", "10.0.0.0/8",
        "2001:db8::/32", "10.0.0.2:22", "[2001:db8::2]:22", "eth0", "eth+", "+", "default/web", "ssh", "\t", "\u00e9",
        // Half surrogate pairs and the replacement character: text that is not Unicode, as kubectl JSON can carry.
        "\ud800", "\"web\udc00\"", "\ufffd",
    };

    [Test]
    public void Any_input_gives_diagnostics_never_an_exception_or_a_hang()
    {
        var budget = TimeSpan.FromSeconds(double.TryParse(Environment.GetEnvironmentVariable("RULELANG_FUZZ_SECONDS"), out double s) ? s : 5);
        var random = new Random(Seed);
        var samples = Directory.GetFiles(Path.Combine(RepoPaths.Root, "grammar", "samples", "valid"), "*.rl")
            .Concat(Directory.GetFiles(Path.Combine(RepoPaths.Examples, "TextPolicies", "policies"), "*.rl"))
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(File.ReadAllText)
            .ToArray();
        Assert.That(samples, Is.Not.Empty);

        var clock = Stopwatch.StartNew();
        int tried = 0;
        long slowest = 0;
        while (clock.Elapsed < budget)
        {
            string input = (tried % 4) switch
            {
                0 => TokenSoup(random),
                1 => RandomText(random),
                _ => Mutate(random, samples[random.Next(samples.Length)]),
            };
            // Includes resolve to more mangled text, so include handling is fuzzed too.
            var sources = new MangledSources(random.Next(), samples);
            var one = Stopwatch.StartNew();
            RlParseResult result;
            try
            {
                result = RlParser.Parse(input, "fuzz.rl", sources);
            }
            catch (Exception e)
            {
                Assert.Fail($"input #{tried} threw {e}\n--- input ---\n{input}");
                return;
            }
            one.Stop();
            slowest = Math.Max(slowest, one.ElapsedMilliseconds);
            Assert.That(one.Elapsed, Is.LessThan(PerInput), $"input #{tried} took {one.ElapsedMilliseconds} ms:\n{input}");
            foreach (var d in result.Diagnostics)
            {
                Assert.That(d.Id, Does.Match(@"^RL\d{4}$"), input);
                Assert.That(d.Location.Line, Is.GreaterThanOrEqualTo(1), $"{d}\n{input}");
                Assert.That(d.Location.Column, Is.GreaterThanOrEqualTo(1), $"{d}\n{input}");
                Assert.That(d.Message, Is.Not.Empty, input);
            }
            Assert.That(result.Policy is null, Is.EqualTo(result.Diagnostics.Any(d => d.IsError)), input);
            tried++;
        }
        TestContext.Out.WriteLine($"fuzzed {tried} inputs in {clock.Elapsed.TotalSeconds:0.0} s (seed {Seed}); slowest {slowest} ms");
        Assert.That(tried, Is.GreaterThan(100));
    }

    [Test]
    public void Huge_lines_and_deep_braces_are_reported_quickly()
    {
        var inputs = new[]
        {
            "policy p\nallow " + string.Concat(Enumerable.Repeat("tcp ", 50_000)) + "dport ssh\n",
            "policy p\n" + new string('{', 100_000) + "\n",
            "policy p\ntable filter {\n" + string.Concat(Enumerable.Repeat("chain c {\n", 20_000)),
            "policy p\nallow comment \"" + new string('x', 200_000) + "\n",
            "policy p\ndefine d = {\n" + string.Concat(Enumerable.Repeat("10.0.0.1,\n", 20_000)) + "\n",
        };
        foreach (string input in inputs)
        {
            var clock = Stopwatch.StartNew();
            var result = RlParser.Parse(input, "huge.rl");
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)), input.Substring(0, 40));
            Assert.That(result.Diagnostics, Is.Not.Empty, input.Substring(0, 40));
            TestContext.Out.WriteLine($"{input.Length} characters: {result.Diagnostics.Count} diagnostics in {clock.ElapsedMilliseconds} ms");
        }
    }

    private static string TokenSoup(Random random)
    {
        var text = new StringBuilder();
        if (random.Next(3) > 0)
        {
            text.Append("policy fuzz\n");
        }
        int lines = random.Next(1, 30);
        for (int l = 0; l < lines; l++)
        {
            int tokens = random.Next(0, 12);
            for (int t = 0; t < tokens; t++)
            {
                text.Append(Vocabulary[random.Next(Vocabulary.Length)]).Append(random.Next(8) == 0 ? "" : " ");
            }
            text.Append(random.Next(10) == 0 ? "\r\n" : "\n");
        }
        return text.ToString();
    }

    private static string RandomText(Random random)
    {
        var bytes = new byte[random.Next(0, 400)];
        random.NextBytes(bytes);
        return random.Next(2) == 0 ? Encoding.UTF8.GetString(bytes) : Encoding.Latin1.GetString(bytes);
    }

    private static string Mutate(Random random, string sample)
    {
        var lines = sample.Split('\n').ToList();
        int edits = random.Next(1, 6);
        for (int e = 0; e < edits && lines.Count > 0; e++)
        {
            int at = random.Next(lines.Count);
            var tokens = lines[at].Split(' ').ToList();
            switch (random.Next(8))
            {
                case 0 when tokens.Count > 0:
                    tokens.RemoveAt(random.Next(tokens.Count));
                    break;
                case 1 when tokens.Count > 0:
                    tokens.Insert(random.Next(tokens.Count), tokens[random.Next(tokens.Count)]);
                    break;
                case 2 when tokens.Count > 1:
                    int i = random.Next(tokens.Count), j = random.Next(tokens.Count);
                    (tokens[i], tokens[j]) = (tokens[j], tokens[i]);
                    break;
                case 3:
                    lines[at] = lines[at].Substring(0, random.Next(lines[at].Length + 1));
                    continue;
                case 4:
                    lines.RemoveAt(at);
                    continue;
                case 5:
                    tokens.Insert(random.Next(tokens.Count + 1), random.Next(2) == 0 ? "\"" : random.Next(2) == 0 ? "{" : "}");
                    break;
                case 6:
                    lines.Insert(at, lines[random.Next(lines.Count)]);
                    continue;
                default:
                    tokens.Insert(random.Next(tokens.Count + 1), Vocabulary[random.Next(Vocabulary.Length)]);
                    break;
            }
            lines[at] = string.Join(" ", tokens);
        }
        return string.Join("\n", lines);
    }

    /// <summary>Every include resolves to another path and reads as a mangled sample, or is missing, or throws.</summary>
    private sealed class MangledSources : IRlSourceResolver
    {
        private readonly Random _random;
        private readonly string[] _samples;

        public MangledSources(int seed, string[] samples)
        {
            _random = new Random(seed);
            _samples = samples;
        }

        public string Resolve(string fromFile, string includePath) =>
            _random.Next(10) == 0 ? throw new IOException("disk on fire") : fromFile + "/" + includePath;

        public bool TryRead(string resolvedPath, out string text)
        {
            text = Mutate(_random, _samples[_random.Next(_samples.Length)]);
            return _random.Next(4) > 0;
        }
    }
}
