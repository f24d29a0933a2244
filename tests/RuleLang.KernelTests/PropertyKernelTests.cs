using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NUnit.Framework;
using RuleLang.KernelTests.Harness;
using RuleLang.KernelTests.Properties;
using RuleLang.KernelTests.Regressions;
using RuleLang.Model;
using RuleLang.Model.Matches;

namespace RuleLang.KernelTests;

/// <summary>
/// Property-based differential tests with CsCheck. Random valid policies (<see cref="ValidPolicyGen"/>) must pass
/// the checker, compile to iptables, ip6tables and nft, load into the kernel with every tool and read back as
/// emitted (<see cref="ValidCaseCheck"/>); random policies with one injected defect (<see cref="InvalidPolicyGen"/>)
/// must get the defect's diagnostic, and the kernel's verdict where it is known (<see cref="InvalidCaseCheck"/>).
/// Cases run on a few namespaces at once, each reused and reset between cases, within a time budget; fewer cases
/// than the minimum in that time is a failure. The seed is fixed (RULELANG_SEED overrides it); a failing case is
/// shrunk, printed as C# and saved under Regressions/ (see <see cref="RegressionWriter"/>).
/// Knobs: RULELANG_PROPERTY_CASES (target count of valid cases, default 800), RULELANG_PROPERTY_SECONDS (budget
/// of the valid run, default 60), RULELANG_PROPERTY_INVALID_CASES (300) and _SECONDS (25),
/// RULELANG_PROPERTY_EXPLORE=1 (do not stop at a failure: print every failing case, unshrunk), and
/// RULELANG_PROPERTY_KNOWN_ISSUES=1 (generate the shapes of <see cref="KnownIssues"/> too).
/// </summary>
[TestFixture]
public sealed class PropertyKernelTests : KernelTestBase
{
    private const int Workers = 3;
    private const int MinValidCases = 500;
    private const int MinInvalidCases = 200;

    [Test]
    public void Random_valid_policies_compile_and_load_with_every_back_end()
    {
        int target = Setting("RULELANG_PROPERTY_CASES", 800);
        TimeSpan budget = TimeSpan.FromSeconds(Setting("RULELANG_PROPERTY_SECONDS", 60));
        var gen = new ValidPolicyGen();
        PropertyReport<Policy> report = Run(
            new PropertyRunner<Policy>(gen, ValidCaseCheck.Check, reduce: (p, fails, b) => PolicyReducer.Reduce(p, fails, b)),
            target, budget);

        TestContext.Out.WriteLine(Coverage(Enumerable.Range(0, report.Cases).Select(i => PropertyRunner<Policy>.CaseAt(gen, PropertySeed.Value, i).Value)));
        if (report.Failure is { } f)
        {
            var (path, code) = RegressionWriter.Save(f.Value, f.Failure, Origin(f.Original.Index, f.Original.Seed));
            Assert.Fail(Describe(f.Original, f.OriginalFailure, f.Failure, f.CsCheckShrinks, f.GreedySteps, code, path));
        }

        Assert.That(report.Cases, Is.GreaterThanOrEqualTo(Math.Min(MinValidCases, target)),
            $"only {report.Cases} valid cases in {budget.TotalSeconds} s; at least {MinValidCases} must run in every CI run");
    }

    [Test]
    public void Random_policies_with_one_defect_get_its_diagnostic_and_the_kernel_verdict()
    {
        var gen = new InvalidPolicyGen();
        PropertyReport<InvalidCase> report = Run(
            new PropertyRunner<InvalidCase>(gen, InvalidCaseCheck.Check, classify: c => c.Defect,
                reduce: (c, fails, b) =>
                {
                    var (policy, steps) = PolicyReducer.Reduce(c.Policy, p => fails(c with { Policy = p, Base = SavedCases.WithoutDefect(p) }), b, InvalidCase.DefectLine);
                    return (c with { Policy = policy, Base = SavedCases.WithoutDefect(policy) }, steps);
                }),
            Setting("RULELANG_PROPERTY_INVALID_CASES", 300), TimeSpan.FromSeconds(Setting("RULELANG_PROPERTY_INVALID_SECONDS", 25)));

        TestContext.Out.WriteLine("defects injected: " + string.Join(", ", report.Classes.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key} ×{k.Value}")));
        if (report.Failure is { } f)
        {
            var (path, code) = RegressionWriter.Save(f.Value.Policy, f.Failure, Origin(f.Original.Index, f.Original.Seed), f.Value);
            Assert.Fail(Describe(f.Original, f.OriginalFailure, f.Failure, f.CsCheckShrinks, f.GreedySteps, code, path));
        }

        Assert.That(report.Cases, Is.GreaterThanOrEqualTo(MinInvalidCases), $"only {report.Cases} cases with a defect ran");
        string[] missing = InvalidPolicyGen.Names.Except(report.Classes.Keys).ToArray();
        TestContext.Out.WriteLine(missing.Length == 0 ? "every defect of the catalogue was injected" : "not injected in this run: " + string.Join(", ", missing));
    }

    private PropertyReport<T> Run<T>(PropertyRunner<T> runner, int target, TimeSpan budget)
    {
        TestContext.Out.WriteLine($"{PropertySeed.Describe()}; up to {target} cases in {budget.TotalSeconds} s on {Workers} namespaces");
        var slots = Enumerable.Range(0, Workers).Select(_ => new KernelSlot(CreateNamespace("prop"))).ToArray();
        try
        {
            PropertyReport<T> report = runner.Run(slots, PropertySeed.Value, target, budget, TimeSpan.FromSeconds(40));
            TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{report.Cases} cases in {report.Elapsed.TotalSeconds:0.0} s ({report.Cases / Math.Max(0.001, report.Elapsed.TotalSeconds):0.0}/s), {(report.Failure is null ? "all passed" : "a failure")}"));
            return report;
        }
        finally
        {
            foreach (KernelSlot slot in slots)
            {
                slot.Dispose();
            }
        }
    }

    private static string Origin(int index, string caseSeed) => $"{PropertySeed.Describe()}, case {index}, CsCheck seed {caseSeed}";

    private static string Describe<T>(PropertyCase<T> original, PropertyFailure originalFailure, PropertyFailure failure, int shrinks, int steps, string code, string path) =>
        $"case {original.Index} (CsCheck seed \"{original.Seed}\", {PropertySeed.Describe()}) failed: {originalFailure.Stage}\n"
        + $"shrunk ({shrinks} CsCheck shrinks, {steps} greedy steps) to:\n{code}\n"
        + $"saved as {path}; it failed with:\n{failure}";

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v > 0 ? v : fallback;

    /// <summary>What the cases held: tables, chains, rules, and how often each kind of match and target occurred.</summary>
    private static string Coverage(IEnumerable<Policy> policies)
    {
        int cases = 0, tables = 0, chains = 0, rules = 0;
        var kinds = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (Policy p in policies)
        {
            cases++;
            tables += p.Tables.Count;
            foreach (Chain c in p.Tables.SelectMany(t => t.Chains))
            {
                chains++;
                foreach (Rule r in c.Rules)
                {
                    rules++;
                    foreach (string k in r.Matches.Select(m => m.GetType().Name).Append(r.Target.GetType().Name))
                    {
                        kinds[k] = kinds.GetValueOrDefault(k) + 1;
                    }
                }
            }
        }

        return $"{cases} valid cases: {tables} tables, {chains} chains, {rules} rules; "
            + string.Join(", ", kinds.Select(k => $"{k.Key} ×{k.Value}"));
    }
}
