using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NUnit.Framework;
using RuleLang.Testing;

namespace RuleLang.Build.Tests;

/// <summary>
/// The package as a user gets it: packed to a local feed once, referenced by an ordinary project outside this
/// repository (a copy of examples/WebServer), built from a clean state with its own package cache. Each test
/// starts from a fresh copy of that project.
/// </summary>
[TestFixture]
[NonParallelizable]
public class PackageBuildTests
{
    private string _root = "";
    private string _template = "";
    private string _project = "";
    private string _rulesets = "";
    private DotnetRunner _dotnet = null!;

    [OneTimeSetUp]
    public void CopyExample()
    {
        _dotnet = PackageFeed.Dotnet;
        _root = PackageFeed.NewFolder("web");
        _template = Path.Combine(_root, "template");
        Directory.CreateDirectory(_template);
        File.Copy(Path.Combine(RepoPaths.Examples, "WebServer", "WebServerPolicy.cs"), Path.Combine(_template, "WebServerPolicy.cs"));
        PackageFeed.WriteProject(_template, "Web.csproj");
    }

    /// <summary>A fresh copy of the example project, so that every test starts from a clean state.</summary>
    [SetUp]
    public void CopyProject()
    {
        _project = Path.Combine(_root, TestContext.CurrentContext.Test.MethodName!);
        Directory.CreateDirectory(_project);
        foreach (string file in Directory.GetFiles(_template))
        {
            File.Copy(file, Path.Combine(_project, Path.GetFileName(file)));
        }
        _rulesets = Path.Combine(_project, "rulesets");
    }

    /// <summary>
    /// User code may build a policy itself (a .rl handle parses its text at run time), so every assembly that lib/'s
    /// assemblies reference must be in lib/ or in the shared framework: the package declares no dependencies.
    /// </summary>
    [Test]
    public void The_library_carries_every_assembly_it_references()
    {
        string nupkg = PackageFeed.Nupkg;
        using var zip = System.IO.Compression.ZipFile.OpenRead(nupkg);
        var lib = zip.Entries.Where(e => e.FullName.StartsWith("lib/net10.0/", StringComparison.Ordinal) && e.FullName.EndsWith(".dll", StringComparison.Ordinal)).ToArray();
        var carried = lib.Select(e => Path.GetFileNameWithoutExtension(e.Name)).ToHashSet(StringComparer.Ordinal);
        string framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!;

        var missing = new List<string>();
        foreach (var entry in lib)
        {
            using var stream = new MemoryStream();
            using (var source = entry.Open())
            {
                source.CopyTo(stream);
            }
            stream.Position = 0;
            using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
            var metadata = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
            foreach (var handle in metadata.AssemblyReferences)
            {
                string name = metadata.GetString(metadata.GetAssemblyReference(handle).Name);
                if (!carried.Contains(name) && !File.Exists(Path.Combine(framework, name + ".dll")))
                {
                    missing.Add($"{entry.Name} → {name}");
                }
            }
        }

        Assert.That(carried, Does.Contain("Sprache").And.Contain("RuleLang.Text"));
        Assert.That(missing, Is.Empty);
    }

    [Test]
    public void A_clean_build_writes_the_rulesets_the_repository_committed()
    {
        var (code, output) = Build();

        Assert.That(code, Is.EqualTo(0), output);
        var committed = Path.Combine(RepoPaths.Examples, "WebServer", "rulesets");
        foreach (string name in new[] { "web-server.iptables", "web-server.ip6tables", "web-server.nft" })
        {
            Assert.That(File.ReadAllBytes(Path.Combine(_rulesets, name)), Is.EqualTo(File.ReadAllBytes(Path.Combine(committed, name))), name);
        }
    }

    [Test]
    public void A_second_build_rewrites_nothing()
    {
        BuildCleanly();
        var before = Stamps();

        var (code, output) = Build();

        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(Stamps(), Is.EqualTo(before));
        Assert.That(output, Does.Not.Contain("wrote "));
    }

    [Test]
    public void An_edited_policy_changes_exactly_the_affected_files()
    {
        BuildCleanly();
        var before = Stamps();
        Edit("192.168.1.0/24", "192.168.2.0/24");

        var (code, output) = Build();

        Assert.That(code, Is.EqualTo(0), output);
        var after = Stamps();
        Assert.That(after["web-server.iptables"], Is.Not.EqualTo(before["web-server.iptables"]));
        Assert.That(after["web-server.nft"], Is.Not.EqualTo(before["web-server.nft"]));
        Assert.That(after["web-server.ip6tables"], Is.EqualTo(before["web-server.ip6tables"]), "an IPv4-only change leaves the ip6tables file alone");
        Assert.That(File.ReadAllText(Path.Combine(_rulesets, "web-server.iptables")), Does.Contain("-s 192.168.2.0/24"));
    }

    [Test]
    public void An_invalid_literal_is_a_compile_error_at_its_exact_span()
    {
        BuildCleanly();
        var before = Stamps();
        AddRule("input.Tcp().DestinationPort(8443).Source(\"10.0.0.300/8\").Accept();");
        var (line, text) = FindLine("10.0.0.300");

        var (code, output) = Build();

        Assert.That(code, Is.Not.EqualTo(0), output);
        int column = text.IndexOf("\"10.0.0.300/8\"", StringComparison.Ordinal) + 1;
        Assert.That(output, Does.Contain($"WebServerPolicy.cs({line},{column}): error RL0101: '10.0.0.300/8' is not a valid address"));
        Assert.That(Stamps(), Is.EqualTo(before));
    }

    [Test]
    public void A_policy_error_only_the_checker_sees_fails_the_build_at_the_users_line_and_writes_nothing()
    {
        BuildCleanly();
        var before = Stamps();
        // Not a constant, so no analyzer can see it: the checker finds it when the build runs the tool.
        AddRule("input.Tcp().DestinationPort(8443).Source(System.Environment.GetEnvironmentVariable(\"RULELANG_E2E_UNSET\") ?? \"10.0.0.0/8\").Destination(\"2001:db8::/32\").Accept();");
        var (line, _) = FindLine("RULELANG_E2E_UNSET");

        var (code, output) = Build();

        Assert.That(code, Is.Not.EqualTo(0), output);
        Assert.That(output, Does.Contain($"WebServerPolicy.cs({line},9): error RL0109: this rule mixes IPv4"));
        Assert.That(Stamps(), Is.EqualTo(before));
    }

    [Test]
    public void Verify_mode_fails_on_a_hand_edited_ruleset_and_passes_after_accept()
    {
        BuildCleanly();
        string path = Path.Combine(_rulesets, "web-server.iptables");
        File.WriteAllText(path, File.ReadAllText(path).Replace("--dport 443", "--dport 4443", StringComparison.Ordinal));

        var (code, output) = Build("-p:ContinuousIntegrationBuild=true");

        Assert.That(code, Is.Not.EqualTo(0), output);
        Assert.That(output, Does.Contain("error RL3201: web-server.iptables differs from what the policy emits now"));
        Assert.That(output, Does.Contain("-A INPUT -p tcp -m tcp --dport 4443").And.Contain("+-A INPUT -p tcp -m tcp --dport 443"));
        Assert.That(output, Does.Contain("To accept these changes: dotnet build").And.Contain("-p:RuleLangVerify=false"));
        Assert.That(File.ReadAllText(path), Does.Contain("--dport 4443"), "verify mode writes nothing");

        Assert.That(Build("-p:RuleLangVerify=false").ExitCode, Is.EqualTo(0));
        var (again, verified) = Build("-p:ContinuousIntegrationBuild=true");
        Assert.That(again, Is.EqualTo(0), verified);
        Assert.That(verified, Does.Contain("are up to date"));
    }

    /// <summary>GitHub Actions and GitLab set CI=true, not ContinuousIntegrationBuild: that alone must verify, not rewrite.</summary>
    [Test]
    public void CI_true_in_the_environment_verifies_and_RuleLangVerify_false_overrides_it()
    {
        BuildCleanly();
        string path = Path.Combine(_rulesets, "web-server.iptables");
        string edited = File.ReadAllText(path).Replace("--dport 443", "--dport 4443", StringComparison.Ordinal);
        File.WriteAllText(path, edited);

        var (code, output) = _dotnet.Run(_project, "build", environment: ("CI", "true"));

        Assert.That(code, Is.Not.EqualTo(0), output);
        Assert.That(output, Does.Contain("error RL3201: web-server.iptables differs from what the policy emits now"));
        Assert.That(File.ReadAllText(path), Is.EqualTo(edited), "a CI build must not rewrite a hand-edited ruleset");

        var (overridden, log) = _dotnet.Run(_project, "build -p:RuleLangVerify=false", environment: ("CI", "true"));
        Assert.That(overridden, Is.EqualTo(0), log);
        Assert.That(File.ReadAllText(path), Does.Contain("--dport 443 "), "RuleLangVerify=false writes again under CI=true");
    }

    private void BuildCleanly()
    {
        var (code, output) = Build();
        Assert.That(code, Is.EqualTo(0), output);
    }

    private (int ExitCode, string Output) Build(string extra = "") => _dotnet.Run(_project, $"build {extra}".TrimEnd());

    private void AddRule(string statement)
    {
        const string anchor = "input.Tcp().DestinationPort(443).Comment(\"https\").Accept();";
        Edit(anchor, anchor + "\n        " + statement);
    }

    private (int Line, string Text) FindLine(string marker)
    {
        var lines = File.ReadAllLines(Path.Combine(_project, "WebServerPolicy.cs"));
        int index = Array.FindIndex(lines, l => l.Contains(marker, StringComparison.Ordinal));
        return (index + 1, lines[index]);
    }

    private void Edit(string from, string to)
    {
        string file = Path.Combine(_project, "WebServerPolicy.cs");
        string text = File.ReadAllText(file);
        Assert.That(text, Does.Contain(from));
        File.WriteAllText(file, text.Replace(from, to, StringComparison.Ordinal));
    }

    private Dictionary<string, DateTime> Stamps() =>
        Directory.GetFiles(_rulesets).ToDictionary(f => Path.GetFileName(f), File.GetLastWriteTimeUtc);
}
