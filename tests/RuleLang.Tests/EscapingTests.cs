using System;
using System.Linq;
using NUnit.Framework;
using RuleLang.Backends.Iptables;
using RuleLang.Compiler;
using RuleLang.Model;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;
using static RuleLang.Testing.M;

namespace RuleLang.Tests;

/// <summary>Nothing a user writes can leave its place in the emitted script.</summary>
public class EscapingTests
{
    [TestCase("plain", "--comment plain -j")]
    [TestCase("two words", "--comment \"two words\" -j")]
    [TestCase("say \"hi\"", "--comment \"say \\\"hi\\\"\" -j")]
    [TestCase("back\\slash", "--comment \"back\\\\slash\" -j")]
    [TestCase("it's", "--comment \"it\\'s\" -j")]
    [TestCase("-j DROP", "--comment \"-j DROP\" -j ACCEPT")]
    [TestCase("", "--comment \"\" -j")]
    public void Comments_are_quoted_as_iptables_save_quotes_them(string comment, string expected)
    {
        string text = Emit(Rule(Accept, Comment(comment)));
        Assert.That(RuleLine(text), Does.Contain(expected));
    }

    [TestCase("line one\n-A INPUT -j ACCEPT")]
    [TestCase("carriage\rreturn")]
    [TestCase("nul\0byte")]
    [TestCase("COMMIT\n*filter")]
    public void A_comment_with_a_control_character_is_an_error_and_nothing_is_emitted(string comment)
    {
        var result = PolicyCompiler.Compile(Filter(Rule(Accept, Comment(comment))));

        Assert.That(result.Succeeded, Is.False);
        Assert.That(result.Diagnostics.Select(d => d.Id), Does.Contain("RL0107"));
        Assert.That(result.Rulesets, Is.Empty);
    }

    [Test]
    public void A_log_prefix_with_a_line_break_is_an_error()
    {
        var result = PolicyCompiler.Compile(Filter(Rule(new LogTarget("x\n-A INPUT -j ACCEPT"))));
        Assert.That(result.Diagnostics.Select(d => d.Id), Does.Contain("RL0111"));
        Assert.That(result.Rulesets, Is.Empty);
    }

    [Test]
    public void The_back_end_refuses_a_control_character_even_when_the_checker_was_skipped()
    {
        var policy = Filter(Rule(Accept, Comment("a\nb")));
        Assert.Throws<InvalidOperationException>(() => IptablesBackend.Render(policy, IpFamily.IPv4));
    }

    [TestCase("eth 0")]
    [TestCase("eth0\"")]
    [TestCase("eth0\n")]
    [TestCase("a/b")]
    [TestCase("et+h")]
    public void Interface_names_that_could_break_a_line_are_errors(string name)
    {
        var result = PolicyCompiler.Compile(Filter(Rule(Accept, In(name))));
        Assert.That(result.Diagnostics.Select(d => d.Id), Does.Contain("RL0105"));
        Assert.That(result.Rulesets, Is.Empty);
    }

    [TestCase("MY CHAIN")]
    [TestCase("X\n-A")]
    [TestCase("-X")]
    [TestCase("a\"b")]
    public void Chain_names_that_could_break_a_line_are_errors(string name)
    {
        var policy = Policy("p", Table(TableKind.Filter, Builtin(Hook.Input, Rule(Jump(name))), User(name, Rule(Accept))));
        var result = PolicyCompiler.Compile(policy);
        Assert.That(result.Diagnostics.Select(d => d.Id), Does.Contain("RL0106"));
        Assert.That(result.Rulesets, Is.Empty);
    }

    [TestCase("web/server")]
    [TestCase("../etc")]
    [TestCase("web server")]
    [TestCase("")]
    public void Policy_names_name_files_so_they_are_checked(string name)
    {
        var result = PolicyCompiler.Compile(Policy(name, Table(TableKind.Filter)));
        Assert.That(result.Diagnostics.Select(d => d.Id), Does.Contain("RL0112"));
        Assert.That(result.Rulesets, Is.Empty);
    }

    private static Policy Filter(Rule rule) => Policy("p", Table(TableKind.Filter, Builtin(Hook.Input, rule)));

    private static string Emit(Rule rule)
    {
        var result = PolicyCompiler.Compile(Filter(rule));
        Assert.That(result.Succeeded, string.Join("\n", result.Diagnostics));
        return result.Rulesets[0].Text;
    }

    private static string RuleLine(string text) => text.Split('\n').Single(l => l.StartsWith("-A INPUT", StringComparison.Ordinal));
}
