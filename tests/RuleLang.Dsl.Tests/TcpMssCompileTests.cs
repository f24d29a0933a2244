using System.Collections.Generic;
using System.Linq;
using NUnit.Framework;

namespace RuleLang.Dsl.Tests;

/// <summary>
/// TCPMSS in the DSL: only on Tcp() rules, and clamping only where a route is known (FORWARD, OUTPUT, POSTROUTING, or a
/// user chain, which the checker follows). Each forbidden snippet is paired with its nearest valid form, as in CompileTests.
/// </summary>
public sealed class TcpMssCompileTests
{
    private static readonly (string Name, string Bad, string Good)[] Cases =
    {
        ("clamping in PREROUTING", "p.Mangle.Prerouting.Tcp().Syn().ClampMssToPmtu();", "p.Mangle.Forward.Tcp().Syn().ClampMssToPmtu();"),
        ("clamping in INPUT", "p.Filter.Input.Tcp().Syn().ClampMssToPmtu();", "p.Filter.Output.Tcp().Syn().ClampMssToPmtu();"),
        ("clamping without tcp", "p.Mangle.Postrouting.Rule().ClampMssToPmtu();", "p.Mangle.Postrouting.Tcp().Syn().ClampMssToPmtu();"),
        ("a set MSS for udp", "p.Mangle.Prerouting.Udp().SetMss(1400);", "p.Mangle.Prerouting.Tcp().Syn().SetMss(1400);"),
        ("clamping in a user chain without tcp", "p.Mangle.Chain(\"MSS\").Rule().ClampMssToPmtu();", "p.Mangle.Chain(\"MSS\").Tcp().Flags(TcpFlags.Syn | TcpFlags.Rst, TcpFlags.Syn).ClampMssToPmtu();"),
    };

    private static IEnumerable<TestCaseData> Forbidden() =>
        Cases.Select(c => new TestCaseData(c.Bad).SetName("Refuses " + c.Name));

    private static IEnumerable<TestCaseData> Allowed() =>
        Cases.Select(c => new TestCaseData(c.Good).SetName("Allows the valid counterpart of " + c.Name));

    [TestCaseSource(nameof(Forbidden))]
    public void Forbidden_tcpmss_does_not_compile(string statements)
    {
        var errors = SnippetCompiler.Errors(statements);
        Assert.That(errors, Is.Not.Empty, "the forbidden construct compiled");
    }

    [TestCaseSource(nameof(Allowed))]
    public void Valid_tcpmss_compiles(string statements)
    {
        Assert.That(SnippetCompiler.Errors(statements), Is.Empty);
    }
}
