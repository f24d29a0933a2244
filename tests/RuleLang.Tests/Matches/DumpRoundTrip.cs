using System.IO;
using NUnit.Framework;
using RuleLang.Testing;
using RuleLang.Tests.Import;

namespace RuleLang.Tests.Matches;

/// <summary>The dumps under Import/Dumps that show one extension as iptables-save prints it.</summary>
internal static class DumpRoundTrip
{
    public static string PathOf(string name) => Path.Combine(RepoPaths.Root, "tests", "RuleLang.Tests", "Import", "Dumps", name);

    /// <summary>The dump imports with every line, and the iptables back end prints it back line for line (counters and comments aside).</summary>
    public static void ImportsEveryLineAndPrintsBack(string path)
    {
        string dump = File.ReadAllText(path);
        var imported = ImportPipeline.Import(dump, path, Model.Netfilter.IpFamily.IPv4);

        Assert.That(imported.Diagnostics, Is.Empty, () => string.Join("\n", imported.Diagnostics));
        Assert.That(imported.Unimported, Is.Empty);
        Assert.That(ImportPipeline.NormalLines(ImportPipeline.Emit(imported.Policy, Model.Netfilter.IpFamily.IPv4)), Is.EqualTo(ImportPipeline.NormalLines(dump)));
    }
}
