using System.Collections.Generic;
using System.IO;
using System.Linq;
using NUnit.Framework;
using RuleLang.Compiler;
using RuleLang.KernelTests.Harness;
using RuleLang.KernelTests.Support;
using RuleLang.Model;
using RuleLang.Testing;

namespace RuleLang.KernelTests;

/// <summary>
/// Every nft script RuleLang emits (the examples' committed ones and every policy of the nft corpus, which covers
/// the normal-form corpus) is accepted by `nft -c` and by a real `nft -f` in a fresh namespace, lists back as it
/// was written (<see cref="NftNormalForm"/>; the policy's inet table and the ip/ip6 tables of its services), and loading it again changes nothing and touches no other table.
/// </summary>
[TestFixture]
public sealed class NftLoadTests : KernelTestBase
{
    public static IEnumerable<TestCaseData> Scripts()
    {
        // Every committed script of every example (C#, .rl, imported, kubectl-fed); a script's file is named after
        // its policy, which names its tables.
        foreach (string file in Directory.GetFiles(RepoPaths.Examples, "*.nft", SearchOption.AllDirectories)
                     .Where(f => f.Split(Path.DirectorySeparatorChar).Contains("rulesets"))
                     .Order(System.StringComparer.Ordinal))
        {
            string name = Path.GetFileNameWithoutExtension(file);
            string folder = Path.GetRelativePath(RepoPaths.Examples, Path.GetDirectoryName(file)!);
            yield return new TestCaseData(name, File.ReadAllText(file)).SetArgDisplayNames($"example {folder}/{name}");
        }
        // Both services layouts, one script per feature case: the reviewed golden files of RuleLang.Tests
        // (CASE.verified.nft compact, CASE.kube-proxy.verified.nft kube-proxy's layout; CASE names the tables).
        string kube = Path.Combine(RepoPaths.Root, "tests", "RuleLang.Tests", "Kube", "Verified");
        foreach (string file in Directory.GetFiles(kube, "*.verified.nft").Order(System.StringComparer.Ordinal))
        {
            string golden = Path.GetFileName(file).Replace(".verified.nft", "", System.StringComparison.Ordinal);
            string table = golden.Split('.')[0];
            yield return new TestCaseData(table, File.ReadAllText(file)).SetArgDisplayNames("kube " + golden);
        }
        foreach (Policy policy in NftCorpus.Policies())
        {
            var result = PolicyCompiler.Compile(policy, new[] { RulesetFormat.Nft });
            string text = result.Succeeded ? result.Rulesets.Single().Text : "# did not compile: " + string.Join("; ", result.Diagnostics);
            yield return new TestCaseData(policy.Name, text).SetArgDisplayNames("corpus " + policy.Name);
        }
    }

    [TestCaseSource(nameof(Scripts))]
    public void Nft_loads_the_script_and_lists_it_back_as_written(string table, string script)
    {
        NetNamespace ns = CreateNamespace("nftload");
        ExecResult check = ns.Exec("nft -c -f -", stdin: script);
        Assert.That(check.Success, Is.True, () => $"nft -c refused {table}: {check.Describe()}\n{KernelRulesets.Numbered(script)}");
        Assert.That(ns.ListNft().Trim(), Is.Empty, "nft -c must not load anything");

        ExecResult load = ns.LoadNft(script);
        Assert.That(load.Success, Is.True, () => $"nft -f refused {table}: {load.Describe()}\n{KernelRulesets.Numbered(script)}");

        // The policy's inet table, and the ip and ip6 tables of its services, where the script fills them (kube-proxy's
        // layout leaves the inet table of a policy made only of services deleted).
        int written = 0;
        foreach (string family in new[] { "inet", "ip", "ip6" }.Where(f => script.Contains($"\ntable {f} {table} {{\n", System.StringComparison.Ordinal)))
        {
            string listed = ns.Exec($"nft list table {family} {table}").EnsureSuccess().StdOut;
            IReadOnlyList<string> expected = NftNormalForm.TableLines(script, table, family);
            IReadOnlyList<string> actual = NftNormalForm.TableLines(listed, table, family);
            Assert.That(expected, Has.Count.GreaterThanOrEqualTo(2), $"the normaliser found table {family} {table} in the script");
            Assert.That(actual, Is.EqualTo(expected), () =>
                $"nft did not keep {family} {table} as written (- emitted, + listed):\n{KernelRulesets.Diff(expected, actual)}\nlisted:\n{listed}");
            written += expected.Count;
        }
        Assert.That(written, Is.GreaterThan(2), "the script holds rules");
    }

    [TestCaseSource(nameof(Scripts))]
    public void Loading_twice_gives_the_same_ruleset_and_leaves_other_tables_alone(string table, string script)
    {
        NetNamespace ns = CreateNamespace("nftidem");
        const string Other = "table inet other {\n\tchain c {\n\t\ttype filter hook input priority 10; policy accept;\n\t\ttcp dport 7 accept\n\t}\n}\ntable ip filter {\n\tchain INPUT {\n\t\ttype filter hook input priority 0; policy accept;\n\t}\n}\n";
        ns.LoadNft(Other).EnsureSuccess("loading the other tables");

        ns.LoadNft(script).EnsureSuccess($"first load of {table}");
        string once = ns.ListNft();
        ns.LoadNft(script).EnsureSuccess($"second load of {table}");
        string twice = ns.ListNft();

        Assert.That(twice, Is.EqualTo(once), "loading the script a second time must replace the table with the same one");
        Assert.That(once, Does.Contain("table inet other {").And.Contain("tcp dport 7 accept").And.Contain("table ip filter {"),
            "the script must not touch tables it did not create");
    }

    [Test]
    public void A_changed_script_replaces_the_old_table_whole_in_one_transaction()
    {
        NetNamespace ns = CreateNamespace("nftswap");
        string web = ExampleRulesets.Read("WebServer", "web-server.nft");
        ns.LoadNft(web).EnsureSuccess("loading web-server.nft");

        // The same table name with other rules: nothing of the first version may survive.
        string changed = web.Replace("tcp dport 443 accept comment \"https\"", "tcp dport 8443 accept comment \"https, moved\"", System.StringComparison.Ordinal);
        Assert.That(changed, Is.Not.EqualTo(web));
        ns.LoadNft(changed).EnsureSuccess("loading the changed script");
        string listed = ns.ListNft();
        Assert.That(listed, Does.Contain("tcp dport 8443 accept").And.Not.Contain("tcp dport 443 accept"));

        // A script that fails half way loads nothing: the table of the previous load is still there, unchanged.
        string broken = changed.Replace("tcp dport 8443 accept", "tcp dport 8443 jump filter_NO-SUCH-CHAIN", System.StringComparison.Ordinal);
        Assert.That(ns.LoadNft(broken).Success, Is.False, "a jump to a missing chain is refused");
        Assert.That(ns.ListNft(), Is.EqualTo(listed), "the refused transaction left the table as it was");
    }
}
