using RuleLang.Model.Netfilter;

namespace RuleLang.Importers.Iptables;

/// <summary>One dump to import: its text, the path diagnostics show, and whether iptables or ip6tables saved it.</summary>
public sealed record DumpSource(string Text, string Path, IpFamily Family);
