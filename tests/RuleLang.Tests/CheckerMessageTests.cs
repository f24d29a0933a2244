using System.IO;
using System.Linq;
using NUnit.Framework;
using RuleLang.Checker;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;
using RuleLang.Testing;
using static RuleLang.Testing.M;

namespace RuleLang.Tests;

/// <summary>Messages say what is wrong, where, and what is valid instead.</summary>
public class CheckerMessageTests
{
    [Test]
    public void Hook_error_in_a_user_chain_names_the_path_and_the_rule_line()
    {
        var policy = Policy("p", Table(TableKind.Nat,
            Builtin(Hook.Postrouting, Rule(Jump("MID"))),
            User("MID", Rule(Jump("FWD"))),
            User("FWD", Rule(42, new DnatTarget("10.0.0.2", PortSpan.Single(80)), Proto(Protocol.Tcp)))));

        var error = PolicyChecker.Check(policy).Single(d => d.Id == "RL2102");

        Assert.That(error.Location.Line, Is.EqualTo(42));
        Assert.That(error.Message, Does.Contain("POSTROUTING → MID → FWD"));
        Assert.That(error.Message, Does.Contain("nat PREROUTING or nat OUTPUT"));
        Assert.That(error.ToString(), Does.StartWith("test.cs(42,1): error RL2102: DNAT is not valid in nat POSTROUTING"));
    }

    [Test]
    public void Host_bits_warning_shows_the_network_meant()
    {
        var policy = Policy("p", Table(TableKind.Filter, Builtin(Hook.Input, Rule(7, Accept, Src("192.168.1.5/24")))));

        var warning = PolicyChecker.Check(policy).Single();

        Assert.That(warning.Id, Is.EqualTo("RL0102"));
        Assert.That(warning.IsError, Is.False);
        Assert.That(warning.Message, Does.Contain("192.168.1.0/24"));
        Assert.That(warning.ToString(), Does.StartWith("test.cs(7,1): warning RL0102:"));
    }

    [Test]
    public void Unreachable_rule_names_the_rule_that_ends_the_chain()
    {
        var policy = Policy("p", Table(TableKind.Filter, Builtin(Hook.Input, Rule(10, Drop), Rule(11, Accept, In("lo")), Rule(12, Accept))));

        var warnings = PolicyChecker.Check(policy).Where(d => d.Id == "RL1204").ToArray();

        Assert.That(warnings.Select(w => w.Location.Line), Is.EqualTo(new[] { 11, 12 }));
        Assert.That(warnings[0].Message, Does.Contain("test.cs:10").And.Contain("DROP"));
    }

    [Test]
    public void Loop_message_lists_the_cycle()
    {
        var policy = Policy("p", Table(TableKind.Filter,
            Builtin(Hook.Input, Rule(Jump("A"))),
            User("A", Rule(Jump("B"))),
            User("B", Rule(Jump("C"))),
            User("C", Rule(5, Jump("A"), Proto(Protocol.Tcp)))));

        var error = PolicyChecker.Check(policy).Single(d => d.Id == "RL1202");

        Assert.That(error.Message, Does.Contain("A → B → C → A"));
    }

    [Test]
    public void Invalid_address_says_what_a_valid_one_looks_like()
    {
        var policy = Policy("p", Table(TableKind.Filter, Builtin(Hook.Input,
            Rule(Accept, Src("10.0.0.256")), Rule(Accept, Src("10.0.0.0/33")), Rule(Accept, Src("010.0.0.1")), Rule(Accept, Src("fe80::1/129")))));

        var errors = PolicyChecker.Check(policy);

        Assert.That(errors.Select(e => e.Id), Is.EqualTo(new[] { "RL0101", "RL0101", "RL0101", "RL0101" }));
        Assert.That(errors[0].Message, Does.Contain("'10.0.0.256'").And.Contain("192.168.1.0/24"));
        Assert.That(errors[1].Message, Does.Contain("/33"));
    }

    [Test]
    public void Names_with_control_characters_are_shown_escaped_in_messages()
    {
        var policy = Policy("p", Table(TableKind.Filter, Builtin(Hook.Input, Rule(Accept, In("eth0\nX")))));

        var error = PolicyChecker.Check(policy).Single();

        Assert.That(error.Id, Is.EqualTo("RL0105"));
        Assert.That(error.Message, Does.Contain("eth0\\x0aX").And.Not.Contain("\n"));
    }

    [TestCase(10000, RateUnit.Second, false)]
    [TestCase(10001, RateUnit.Second, true)]
    [TestCase(600000, RateUnit.Minute, false)]
    [TestCase(700000, RateUnit.Minute, true)]
    public void Limits_faster_than_the_kernels_finest_period_are_refused(int rate, RateUnit unit, bool refused)
    {
        var policy = Policy("p", Table(TableKind.Filter, Builtin(Hook.Input, Rule(Accept, new Model.Matches.LimitMatch(rate, unit)))));
        Assert.That(PolicyChecker.Check(policy).Any(d => d.Id == "RL0111"), Is.EqualTo(refused));
        Assert.DoesNotThrow(() => Backends.Iptables.LimitRate.Format(rate, unit));
    }

    [Test]
    public void Every_descriptor_has_a_unique_id_in_its_range_and_a_help_page_path()
    {
        var ids = Model.Diagnostics.DiagnosticCatalog.All.Select(d => d.Id).ToArray();
        Assert.That(ids, Is.Unique);
        Assert.That(ids, Has.All.Match("^RL[0-3][0-9]{3}$"));
        Assert.That(Model.Diagnostics.DiagnosticCatalog.All.Select(d => d.HelpPath), Has.All.StartWith("docs/diagnostics/RL"));
    }

    /// <summary>Each diagnostic a user can meet has its page (titled as the catalogue titles it) and its row in the index.</summary>
    [Test]
    public void Every_descriptor_has_its_page_and_a_row_in_the_index()
    {
        string index = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "diagnostics", "README.md"));
        Assert.Multiple(() =>
        {
            foreach (var descriptor in Model.Diagnostics.DiagnosticCatalog.All)
            {
                string page = Path.Combine(RepoPaths.Root, descriptor.HelpPath);
                Assert.That(File.Exists(page) ? File.ReadAllText(page) : "", Does.StartWith($"# {descriptor.Id}: {descriptor.Title}\n"), descriptor.HelpPath);
                Assert.That(index, Does.Contain($"| {descriptor.Id} | {descriptor.DefaultSeverity} | {descriptor.Title} | [{descriptor.Id}.md]({descriptor.Id}.md) |"), descriptor.Id);
            }
        });
    }
}
