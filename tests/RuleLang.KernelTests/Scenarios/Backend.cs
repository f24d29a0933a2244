using System.Collections.Generic;
using System.IO;
using System.Text;
using RuleLang.KernelTests.Harness;
using RuleLang.KernelTests.Support;
using RuleLang.Testing;

namespace RuleLang.KernelTests.Scenarios;

/// <summary>Which of an example's committed outputs a scenario loads into its firewall namespace.</summary>
public enum Backend
{
    /// <summary><c>NAME.iptables</c> with iptables-restore, and <c>NAME.ip6tables</c> with ip6tables-restore when committed.</summary>
    Iptables,

    /// <summary><c>NAME.nft</c> with <c>nft -f</c>, alone: services in the default, compact layout.</summary>
    Nft,

    /// <summary>
    /// The same policy's nft script with its services in kube-proxy's nftables layout
    /// (<c>NftServiceLayout.KubeProxy</c>), compiled in the test: the committed scripts hold the compact one.
    /// </summary>
    NftKubeProxy,
}

/// <summary>Loads an example's committed ruleset(s) into a namespace, the way the chosen back end's user would.</summary>
public static class BackendLoader
{
    /// <summary>
    /// Loads <c>examples/FOLDER/rulesets/POLICY.*</c> for <paramref name="backend"/> into <paramref name="ns"/>
    /// (failing the test with the tool's stderr when refused) and returns the loaded text, file by file, for
    /// assertion messages.
    /// </summary>
    public static string Load(Backend backend, NetNamespace ns, string folder, string policy)
    {
        var loaded = new StringBuilder();
        foreach ((string file, IpFamily? family) in Files(backend, folder, policy))
        {
            string text = ExampleRulesets.Read(folder, file);
            if (family is { } f)
            {
                KernelRulesets.ApplyAndSave(ns, text, f, file);
            }
            else
            {
                ExecResult load = ns.LoadNft(text);
                NUnit.Framework.Assert.That(load.Success, NUnit.Framework.Is.True,
                    () => $"nft -f refused {file}: {load.Describe()}\n{KernelRulesets.Numbered(text)}");
            }

            loaded.Append(file).Append(":\n").Append(text).Append('\n');
        }

        return loaded.ToString();
    }

    /// <summary>Loads an nft script compiled in the test, failing the test with nft's stderr when refused.</summary>
    public static string LoadNft(NetNamespace ns, string fileName, string text)
    {
        ExecResult load = ns.LoadNft(text);
        NUnit.Framework.Assert.That(load.Success, NUnit.Framework.Is.True,
            () => $"nft -f refused {fileName}: {load.Describe()}\n{KernelRulesets.Numbered(text)}");
        return fileName + ":\n" + text + "\n";
    }

    /// <summary>
    /// Compiles a policy for the back end (iptables; nft with the compact services layout; nft with kube-proxy's)
    /// and loads it into <paramref name="node"/>, failing the test when the compiler or the kernel refuses it;
    /// returns the loaded text for assertion messages.
    /// </summary>
    public static string CompileAndLoad(RuleLang.PolicyDefinition definition, Backend backend, NetNamespace node)
    {
        var format = backend == Backend.Iptables ? RuleLang.Compiler.RulesetFormat.Iptables : RuleLang.Compiler.RulesetFormat.Nft;
        var layout = backend == Backend.NftKubeProxy ? RuleLang.Backends.Nftables.NftServiceLayout.KubeProxy : RuleLang.Backends.Nftables.NftServiceLayout.Compact;
        var result = RuleLang.Compiler.PolicyCompiler.Compile(definition.Build(), new[] { format }, layout);
        NUnit.Framework.Assert.That(result.Succeeded, NUnit.Framework.Is.True, () => string.Join("\n", result.Diagnostics));
        var ruleset = System.Linq.Enumerable.Single(result.Rulesets);
        if (backend == Backend.Iptables)
        {
            KernelRulesets.ApplyAndSave(node, ruleset.Text, IpFamily.V4, ruleset.FileName);
            return ruleset.FileName + ":\n" + ruleset.Text;
        }

        return LoadNft(node, ruleset.FileName, ruleset.Text);
    }

    /// <summary>The committed files the back end loads, each with the iptables family it is for (null: nft).</summary>
    public static IEnumerable<(string File, IpFamily? Family)> Files(Backend backend, string folder, string policy)
    {
        if (backend == Backend.NftKubeProxy)
        {
            throw new System.ArgumentException("kube-proxy's nft layout is compiled in the test, not committed", nameof(backend));
        }

        if (backend == Backend.Nft)
        {
            yield return (policy + ".nft", null);
            yield break;
        }

        yield return (policy + ".iptables", IpFamily.V4);
        if (File.Exists(Path.Combine(RepoPaths.Examples, folder, "rulesets", policy + ".ip6tables")))
        {
            yield return (policy + ".ip6tables", IpFamily.V6);
        }
    }
}
