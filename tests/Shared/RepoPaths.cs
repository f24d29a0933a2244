using System.IO;
using NUnit.Framework;

namespace RuleLang.Testing;

/// <summary>Finds the repository (the folder with RuleLang.sln) and the shared peers corpus beside it.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Examples => Path.Combine(Root, "examples");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "RuleLang.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new DirectoryNotFoundException("RuleLang.sln not found above the test directory.");
    }
}
