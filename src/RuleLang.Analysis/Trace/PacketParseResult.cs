using RuleLang.Model.Diagnostics;

namespace RuleLang.Analysis.Trace;

/// <summary>The packet read from text, or the diagnostic that says where and why the text is not one.</summary>
public sealed record PacketParseResult(PacketSpec? Packet, PolicyDiagnostic? Diagnostic)
{
    public bool Succeeded => Packet is not null;
}
