using System;
using System.IO;
using System.Text;
using NUnit.Framework;

namespace RuleLang.Testing;

/// <summary>
/// Golden files in Verify's naming, so that moving to Verify later is a swap: the expected bytes live in
/// `*.verified.*` (or a committed ruleset), a mismatch writes `*.received.*` beside it and fails with a unified
/// diff. `RULELANG_ACCEPT=1` accepts the received output; in CI a missing verified file fails.
/// </summary>
public static class Golden
{
    public static bool Accepting => Environment.GetEnvironmentVariable("RULELANG_ACCEPT") == "1";

    public static void Verify(string actual, string verifiedPath)
    {
        string received = ReceivedPath(verifiedPath);
        string? expected = File.Exists(verifiedPath) ? File.ReadAllText(verifiedPath) : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }
        if (Accepting)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(verifiedPath)!);
            File.WriteAllText(verifiedPath, actual, new UTF8Encoding(false));
            File.Delete(received);
            return;
        }
        File.WriteAllText(received, actual, new UTF8Encoding(false));
        string relative = Path.GetRelativePath(RepoPaths.Root, verifiedPath);
        Assert.Fail(expected is null
            ? $"No verified file {relative}; review {Path.GetFileName(received)}, then accept with RULELANG_ACCEPT=1."
            : $"{relative} differs from what was emitted (accept with RULELANG_ACCEPT=1 after review):\n" + RuleLang.Compiler.TextDiff.Unified(expected, actual, relative));
    }

    /// <summary>a.verified.txt → a.received.txt; web.iptables → web.iptables.received.</summary>
    public static string ReceivedPath(string verifiedPath)
    {
        string name = Path.GetFileName(verifiedPath);
        string receivedName = name.Contains(".verified.", StringComparison.Ordinal)
            ? name.Replace(".verified.", ".received.", StringComparison.Ordinal)
            : name + ".received";
        return Path.Combine(Path.GetDirectoryName(verifiedPath)!, receivedName);
    }
}
