using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using NUnit.Framework;
using RuleLang.Testing;

namespace RuleLang.Tests.Text;

/// <summary>grammar/rulelang.tmLanguage.json is valid JSON, its regexes compile, and it knows every keyword of the EBNF.</summary>
public class TextMateGrammarTests
{
    private static string GrammarFolder => Path.Combine(RepoPaths.Root, "grammar");

    private static JsonDocument Load() => JsonDocument.Parse(File.ReadAllText(Path.Combine(GrammarFolder, "rulelang.tmLanguage.json")));

    [Test]
    public void Is_a_textmate_grammar_for_source_rulelang()
    {
        using var grammar = Load();
        Assert.That(grammar.RootElement.GetProperty("scopeName").GetString(), Is.EqualTo("source.rulelang"));
        Assert.That(grammar.RootElement.GetProperty("patterns").GetArrayLength(), Is.GreaterThan(0));
    }

    [Test]
    public void Every_regex_compiles()
    {
        using var grammar = Load();
        var regexes = Regexes(grammar.RootElement).ToList();
        Assert.That(regexes, Has.Count.GreaterThan(10));
        foreach (string pattern in regexes)
        {
            Assert.DoesNotThrow(() => _ = new Regex(pattern), pattern);
        }
    }

    [Test]
    public void Every_keyword_of_the_ebnf_is_highlighted_by_some_pattern()
    {
        // Comments and special sequences (? … ?) quote words that are not terminals.
        string ebnf = Regex.Replace(File.ReadAllText(Path.Combine(GrammarFolder, "rulelang.ebnf")), @"\(\*[\s\S]*?\*\)|\?[^?]*\?", " ");
        // Terminals that are words: "accept", "random-fully", "cs0"; not "{", "!=" or "0x".
        var keywords = Regex.Matches(ebnf, "\"([a-z][a-z0-9-]*)\"").Select(m => m.Groups[1].Value).Where(k => k != "0x").Distinct().ToList();
        Assert.That(keywords, Has.Count.GreaterThan(100), "keywords found in rulelang.ebnf");

        using var grammar = Load();
        var matchers = Regexes(grammar.RootElement, matchOnly: true).Select(p => new Regex(p)).ToList();
        var missing = keywords.Where(k => !matchers.Any(r => r.Matches(k).Any(m => m.Value == k))).ToList();
        Assert.That(missing, Is.Empty);
    }

    [TestCase("allow tcp dport 22 accept # c", "#", "comment.line.number-sign.rulelang")]
    [TestCase("jump web.in-1", "web.in-1", "entity.name.function.chain.rulelang")]
    [TestCase("saddr $office", "$office", "variable.other.definition.rulelang")]
    [TestCase("saddr 10.0.0.0/8", "10.0.0.0/8", "constant.numeric.address.ipv4.rulelang")]
    [TestCase("daddr 2001:db8::/32", "2001:db8::/32", "constant.numeric.address.ipv6.rulelang")]
    public void Scopes_the_pieces_of_a_line(string line, string piece, string scope)
    {
        using var grammar = Load();
        var repository = grammar.RootElement.GetProperty("repository");
        var named = new List<(string Scope, Regex Regex, int Group)>();
        foreach (var entry in repository.EnumerateObject())
        {
            Collect(entry.Value, named);
        }
        Assert.That(named.Any(n => n.Scope == scope && n.Regex.Matches(line).Any(m => m.Groups[n.Group].Value.StartsWith(piece, System.StringComparison.Ordinal))),
            $"no pattern gives '{piece}' the scope {scope}");
    }

    private static void Collect(JsonElement rule, List<(string, Regex, int)> named)
    {
        if (rule.TryGetProperty("match", out var match))
        {
            var regex = new Regex(match.GetString()!);
            if (rule.TryGetProperty("name", out var name))
            {
                named.Add((name.GetString()!, regex, 0));
            }
            if (rule.TryGetProperty("captures", out var captures))
            {
                foreach (var capture in captures.EnumerateObject())
                {
                    named.Add((capture.Value.GetProperty("name").GetString()!, regex, int.Parse(capture.Name)));
                }
            }
        }
        if (rule.TryGetProperty("patterns", out var patterns))
        {
            foreach (var inner in patterns.EnumerateArray())
            {
                Collect(inner, named);
            }
        }
    }

    private static IEnumerable<string> Regexes(JsonElement element, bool matchOnly = false)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Value.ValueKind == JsonValueKind.String
                        && (property.Name == "match" || (!matchOnly && property.Name is "begin" or "end")))
                    {
                        yield return property.Value.GetString()!;
                    }
                    foreach (string inner in Regexes(property.Value, matchOnly))
                    {
                        yield return inner;
                    }
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    foreach (string inner in Regexes(item, matchOnly))
                    {
                        yield return inner;
                    }
                }
                break;
        }
    }
}
