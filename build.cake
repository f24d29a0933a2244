// Orchestration only: the logic lives in MSBuild and the test projects. `dotnet tool restore` once, then
// `dotnet cake --target=<Task>`.
var target = Argument("target", "Test");
var configuration = Argument("configuration", "Release");
var solution = "./RuleLang.sln";
var examples = new[] { "WebServer", "Gateway", "ClusterNode" };

Task("Clean")
    .Does(() =>
{
    DotNetClean(solution, new DotNetCleanSettings { Configuration = configuration });
    CleanDirectory("./artifacts");
});

Task("Build")
    .Does(() =>
{
    DotNetBuild(solution, new DotNetBuildSettings { Configuration = configuration });
});

Task("Test")
    .IsDependentOn("Build")
    .Does(() =>
{
    // Kernel tests need root and iptables, nftables, iproute2 and socat; .ci/run installs them.
    DotNetTest(solution, new DotNetTestSettings { Configuration = configuration, NoBuild = true });
});

Task("Pack")
    .IsDependentOn("Build")
    .Does(() =>
{
    // The RuleLang package: DSL, analyzers, build targets and the rulelang tool in one.
    DotNetPack("./src/RuleLang.Package/RuleLang.Package.csproj", new DotNetPackSettings
    {
        Configuration = configuration,
        OutputDirectory = "./artifacts/packages",
    });
});

Task("Examples")
    .Description("Builds every example, which writes its rulesets, and prints them.")
    .Does(() =>
{
    foreach (var example in examples)
    {
        DotNetBuild($"./examples/{example}/{example}.csproj", new DotNetBuildSettings { Configuration = configuration });
        foreach (var file in GetFiles($"./examples/{example}/rulesets/*"))
        {
            Information("==> {0}", file);
            Information(System.IO.File.ReadAllText(file.FullPath));
        }
    }
});

Task("Verify-Examples")
    .Description("Fails with a diff when a committed ruleset differs from what its policy emits now (what CI checks).")
    .Does(() =>
{
    foreach (var example in examples)
    {
        DotNetBuild($"./examples/{example}/{example}.csproj", new DotNetBuildSettings
        {
            Configuration = configuration,
            MSBuildSettings = new DotNetMSBuildSettings().WithProperty("RuleLangVerify", "true"),
        });
    }
});

Task("Accept")
    .Description("Accepts emitted output as the new golden files, after you have read the diff.")
    .Does(() =>
{
    DotNetTest("./tests/RuleLang.Tests/RuleLang.Tests.csproj", new DotNetTestSettings
    {
        Configuration = configuration,
        Filter = "FullyQualifiedName~Golden",
        EnvironmentVariables = { ["RULELANG_ACCEPT"] = "1" },
    });
});

RunTarget(target);
