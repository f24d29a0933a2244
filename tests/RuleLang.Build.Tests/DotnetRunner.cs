using System;
using System.Diagnostics;
using System.IO;
using System.Text;

namespace RuleLang.Build.Tests;

/// <summary>Runs the dotnet CLI in a folder, isolated from this repository's build settings and package cache.</summary>
public sealed class DotnetRunner
{
    private readonly string _packages;

    public DotnetRunner(string packagesFolder) => _packages = packagesFolder;

    /// <param name="environment">Variables to set for this run only (after the test host's own CI settings are removed).</param>
    public (int ExitCode, string Output) Run(string workingDirectory, string arguments, TimeSpan? timeout = null, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo("dotnet", arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["NUGET_PACKAGES"] = _packages;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        // The test host's own MSBuild settings must not leak into the builds it starts.
        foreach (string name in new[] { "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildExtensionsPath", "CI", "ContinuousIntegrationBuild" })
        {
            start.Environment.Remove(name);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data != null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data != null) { lock (output) { output.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit((int)(timeout ?? TimeSpan.FromMinutes(5)).TotalMilliseconds))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {arguments} did not finish in {workingDirectory}");
        }
        process.WaitForExit();
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }
}
