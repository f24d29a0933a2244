using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using RuleLang.Testing;

namespace RuleLang.Tests.Kube.Upstream;

/// <summary>
/// One golden case transcribed from kube-proxy's own unit tests (kubernetes/kubernetes
/// pkg/proxy/{iptables,nftables}/proxier_test.go, Apache-2.0: see NOTICE in this folder), kept as data in a folder
/// of its own under Kube/Upstream/MODE/CASE:
/// <list type="bullet">
/// <item><c>cluster.json</c>: the test's Services and EndpointSlices as kubectl's JSON (a List);</item>
/// <item><c>args</c>: the rest of the <c>rulelang kube</c> command line that stands for the fake proxier's
/// settings, one argument per line (blank lines and lines starting with # are skipped);</item>
/// <item><c>expected</c>: the test's expected output, verbatim after Go's dedent;</item>
/// <item><c>source</c>: the upstream test function, file and commit (provenance).</item>
/// </list>
/// </summary>
public sealed record UpstreamCase(string Mode, string Name, string Folder)
{
    public static string Root { get; } = Path.Combine(RepoPaths.Root, "tests", "RuleLang.Tests", "Kube", "Upstream");

    public string ClusterJson => Path.Combine(Folder, "cluster.json");

    public IReadOnlyList<string> Args =>
        File.ReadAllLines(Path.Combine(Folder, "args"))
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToArray();

    public string Expected => File.ReadAllText(Path.Combine(Folder, "expected"));

    public string Source => File.ReadAllText(Path.Combine(Folder, "source")).Trim();

    /// <summary>Every case of one mode ("iptables" or "nft"), in name order.</summary>
    public static IEnumerable<UpstreamCase> All(string mode)
    {
        string dir = Path.Combine(Root, mode);
        if (!Directory.Exists(dir))
        {
            return Array.Empty<UpstreamCase>();
        }
        return Directory.GetDirectories(dir)
            .OrderBy(d => d, StringComparer.Ordinal)
            .Select(d => new UpstreamCase(mode, Path.GetFileName(d), d));
    }

    public override string ToString() => Mode + "/" + Name;
}
