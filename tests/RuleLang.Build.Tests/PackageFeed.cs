using System;
using System.IO;
using NUnit.Framework;
using RuleLang.Testing;

namespace RuleLang.Build.Tests;

/// <summary>
/// The package as a user gets it, packed once for every end-to-end fixture into a local feed, with one package cache
/// (packing and the first restore are most of an end-to-end run's time).
/// </summary>
[SetUpFixture]
public sealed class PackageFeed
{
    public const string Version = "0.1.0";

    public static string Root { get; private set; } = "";

    public static string Feed => Path.Combine(Root, "feed");

    public static string Nupkg => Path.Combine(Feed, $"RuleLang.{Version}.nupkg");

    /// <summary>Runs dotnet with the feed's own package cache, isolated from this repository's settings.</summary>
    public static DotnetRunner Dotnet { get; private set; } = null!;

    [OneTimeSetUp]
    public void Pack()
    {
        Root = Directory.CreateTempSubdirectory("rulelang-e2e-").FullName;
        Dotnet = new DotnetRunner(Path.Combine(Root, "packages"));
        string configuration = TestContext.CurrentContext.TestDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var (code, output) = Dotnet.Run(RepoPaths.Root, $"pack src/RuleLang.Package/RuleLang.Package.csproj -c {configuration} -o \"{Feed}\"");
        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(File.Exists(Nupkg), output);
    }

    [OneTimeTearDown]
    public void Cleanup()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    /// <summary>A fresh folder under the feed's root for one fixture's projects.</summary>
    public static string NewFolder(string name) => Directory.CreateDirectory(Path.Combine(Root, name)).FullName;

    /// <summary>An ordinary project that references the package; <paramref name="properties"/> are extra PropertyGroup lines.</summary>
    public static void WriteProject(string directory, string fileName, string properties = "")
    {
        File.WriteAllText(Path.Combine(directory, fileName), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <RuleLangFormats>iptables;ip6tables;nft</RuleLangFormats>
            {properties}
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="RuleLang" Version="{Version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{Feed}" />
              </packageSources>
            </configuration>
            """);
    }
}
