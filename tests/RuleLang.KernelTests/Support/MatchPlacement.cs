using System.Linq;
using NUnit.Framework;
using RuleLang.Checker;
using RuleLang.KernelTests.Harness;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using static RuleLang.Testing.M;

namespace RuleLang.KernelTests.Support;

/// <summary>
/// A match's placement facts, proved: in every built-in chain of every table, the kernel loads the match exactly
/// where the checker reports no error for it.
/// </summary>
internal static class MatchPlacement
{
    public static void AssertCheckerAgreesWithKernel(NetNamespace ns, string module, string options, Match match)
    {
        foreach (var table in new[] { TableKind.Filter, TableKind.Mangle, TableKind.Nat, TableKind.Raw, TableKind.Security })
        {
            foreach (var hook in NetfilterFacts.BuiltinHooks(table))
            {
                string chain = NetfilterFacts.ChainName(hook);
                string tableName = table.ToString().ToLowerInvariant();
                var loaded = ns.RestoreIptables($"*{tableName}\n:{chain} ACCEPT [0:0]\n-A {chain} -m {module} {options} -j ACCEPT\nCOMMIT\n");
                var policy = Policy("p", Table(table, Builtin(hook, Rule(Accept, match))));
                bool checkerTakes = !PolicyChecker.Check(policy).Any(d => d.IsError);
                Assert.That(checkerTakes, Is.EqualTo(loaded.ExitCode == 0), $"{tableName} {chain} -m {module} {options}: kernel {loaded}");
            }
        }
    }
}
