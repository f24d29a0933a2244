using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NUnit.Framework;
using RuleLang.Testing;

namespace RuleLang.Build.Tests;

/// <summary>
/// The package as a user gets it: packed to a local feed, referenced by an ordinary project outside this
/// repository (a copy of examples/WebServer), built from a clean state with its own package cache. The steps
/// run in order on one project, as a developer's day would.
/// </summary>
[TestFixture]
[NonParallelizable]
public class PackageBuildTests
{
    private const string PackageVersion = "0.1.0";
    private string _root = "";
    private string _project = "";
    private string _rulesets = "";
    private DotnetRunner _dotnet = null!;

    [OneTimeSetUp]
    public void PackAndCopyExample()
    {
        _root = Directory.CreateTempSubdirectory("rulelang-e2e-").FullName;
        _dotnet = new DotnetRunner(Path.Combine(_root, "packages"));
        string configuration = TestContext.CurrentContext.TestDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        string feed = Path.Combine(_root, "feed");
        var (code, output) = _dotnet.Run(RepoPaths.Root, $"pack src/RuleLang.Package/RuleLang.Package.csproj -c {configuration} -o \"{feed}\"");
        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(File.Exists(Path.Combine(feed, $"RuleLang.{PackageVersion}.nupkg")), output);

        _project = Path.Combine(_root, "web");
        Directory.CreateDirectory(_project);
        File.Copy(Path.Combine(RepoPaths.Examples, "WebServer", "WebServerPolicy.cs"), Path.Combine(_project, "WebServerPolicy.cs"));
        File.WriteAllText(Path.Combine(_project, "Web.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <RuleLangFormats>iptables;ip6tables;nft</RuleLangFormats>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="RuleLang" Version="{PackageVersion}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(_project, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        _rulesets = Path.Combine(_project, "rulesets");
    }

    [OneTimeTearDown]
    public void Cleanup()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Test, Order(1)]
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

    [Test, Order(2)]
    public void A_second_build_rewrites_nothing()
    {
        var before = Stamps();

        var (code, output) = Build();

        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(Stamps(), Is.EqualTo(before));
        Assert.That(output, Does.Not.Contain("wrote "));
    }

    [Test, Order(3)]
    public void An_edited_policy_changes_exactly_the_affected_files()
    {
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

    [Test, Order(4)]
    public void A_policy_error_fails_the_build_at_the_users_line_and_writes_nothing()
    {
        var before = Stamps();
        string marker = "input.Tcp().DestinationPort(443)";
        Edit(marker + ".Comment(\"https\").Accept();", marker + ".Comment(\"https\").Accept();\n        input.Tcp().DestinationPort(8443).Destination(\"10.0.0.0/8\").Destination(\"2001:db8::/32\").Accept();");
        var lines = File.ReadAllLines(Path.Combine(_project, "WebServerPolicy.cs"));
        int line = Array.FindIndex(lines, l => l.Contains("8443", StringComparison.Ordinal)) + 1;

        var (code, output) = Build();

        Assert.That(code, Is.Not.EqualTo(0), output);
        Assert.That(output, Does.Contain($"WebServerPolicy.cs({line},9): error RL0109"));
        Assert.That(Stamps(), Is.EqualTo(before));
        Edit("\n        input.Tcp().DestinationPort(8443).Destination(\"10.0.0.0/8\").Destination(\"2001:db8::/32\").Accept();", "");
    }

    [Test, Order(5)]
    public void Verify_mode_fails_on_a_hand_edited_ruleset_and_passes_after_accept()
    {
        Assert.That(Build().ExitCode, Is.EqualTo(0));
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

    private (int ExitCode, string Output) Build(string extra = "") => _dotnet.Run(_project, $"build {extra}".TrimEnd());

    private void Edit(string from, string to)
    {
        string file = Path.Combine(_project, "WebServerPolicy.cs");
        string text = File.ReadAllText(file);
        Assert.That(text, Does.Contain(from));
        File.WriteAllText(file, text.Replace(from, to, StringComparison.Ordinal));
    }

    private Dictionary<string, DateTime> Stamps() =>
        Directory.GetFiles(_rulesets).ToDictionary(Path.GetFileName, File.GetLastWriteTimeUtc)!;
}
