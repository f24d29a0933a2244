using System;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Netfilter;

namespace RuleLang.Importers.Kubernetes;

/// <summary>Reads one address field of a Service or EndpointSlice as kube-proxy does, and says so where that differs from a strict read.</summary>
internal static class LenientAddress
{
    /// <returns>The address or CIDR in canonical form; null, reported as RL0502, when it is none even read leniently.</returns>
    public static string? Read(ImportReporter reporter, string text, string path, Func<string, IpFamily?> familyOf, string expected)
    {
        if (familyOf(text) is not null)
        {
            return text;
        }
        string canonical = SloppyAddress.Canonical(text);
        if (canonical != text && familyOf(canonical) is not null)
        {
            reporter.Report(DiagnosticCatalog.KubeLenientAddress, path, ImportReporter.DisplayPath(path), JsonCursor.Printable(text), canonical);
            return canonical;
        }
        reporter.BadField(path, $"is '{JsonCursor.Printable(text)}'", expected);
        return null;
    }
}
