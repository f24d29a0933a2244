using System.IO;
using RuleLang.Testing;

namespace RuleLang.KernelTests.Support;

/// <summary>The committed example rulesets, read from examples/FOLDER/rulesets/.</summary>
internal static class ExampleRulesets
{
    public static string Read(string folder, string fileName)
    {
        string path = Path.Combine(RepoPaths.Examples, folder, "rulesets", fileName);
        return File.ReadAllText(path);
    }
}
