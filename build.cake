// Orchestration only: the logic lives in MSBuild and the test projects. `dotnet tool restore` once, then
// `dotnet cake --target=<Task>`.
var target = Argument("target", "Test");
var configuration = Argument("configuration", "Release");
var solution = "./RuleLang.sln";
var examples = new[] { "WebServer", "Gateway", "ClusterNode", "TextPolicies" };

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
        // Write mode even where CI=true would turn verify on.
        DotNetBuild($"./examples/{example}/{example}.csproj", new DotNetBuildSettings
        {
            Configuration = configuration,
            MSBuildSettings = new DotNetMSBuildSettings().WithProperty("RuleLangVerify", "false"),
        });
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

Task("Kube-Example")
    .Description("Regenerates examples/KubeCluster/rulesets from its kubectl JSON with rulelang kube; review the diff, then commit it.")
    .Does(() =>
{
    DotNetBuild("./src/RuleLang.Cli/RuleLang.Cli.csproj", new DotNetBuildSettings { Configuration = configuration });
    var cli = $"./src/RuleLang.Cli/bin/{configuration}/net10.0/RuleLang.Cli.dll";
    // iptables and nft in separate runs: a run writes nothing when any of its formats fails, and the nft back end
    // may refuse a construct (RL3101) that iptables can still say.
    var failed = new List<string>();
    // The nft script twice: RuleLang's compact layout (the default) and kube-proxy's own nftables layout, kept
    // beside it for comparison.
    foreach (var (formats, outDir) in new[]
    {
        ("iptables ip6tables", "rulesets"),
        ("nft", "rulesets"),
        ("nft --layout kube-proxy", "rulesets/kube-proxy-layout"),
    })
    {
        int exit = StartProcess("dotnet", new ProcessSettings
        {
            Arguments = $"{cli} kube examples/KubeCluster/cluster.json @examples/KubeCluster/node.rsp --format {formats} --out examples/KubeCluster/{outDir}",
        });
        if (exit != 0)
        {
            failed.Add(formats);
        }
    }
    if (failed.Count > 0)
    {
        throw new Exception("rulelang kube failed for " + string.Join(" and ", failed) + "; see the diagnostics above");
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
