using System.Linq;
using NUnit.Framework;
using RuleLang.Compiler;
using RuleLang.Importers.Iptables;
using RuleLang.Model;
using RuleLang.Model.Netfilter;
using static RuleLang.Testing.M;

namespace RuleLang.Tests.Targets;

/// <summary>-j NOTRACK and -j CT --notrack are one target in the kernel; iptables-save prints each as written, and so does RuleLang.</summary>
public class NotrackSpellingTests
{
    [TestCase("-A PREROUTING -j NOTRACK")]
    [TestCase("-A PREROUTING -j CT --notrack")]
    public void Each_spelling_prints_back_as_written(string line)
    {
        var parsed = IptablesRuleParser.ParseRule(line, TableKind.Raw, new SourceLocation("rules.v4", 3, 1), IpFamily.IPv4);
        var compiled = PolicyCompiler.Compile(Policy("notrack", Table(TableKind.Raw, Builtin(Hook.Prerouting, parsed.Rule!))));

        Assert.That(compiled.Succeeded, Is.True, () => string.Join("\n", compiled.Diagnostics));
        Assert.That(compiled.Rulesets.First().Text, Does.Contain("\n" + line + "\n"));
    }
}
