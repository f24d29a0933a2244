using System.Collections.Generic;
using RuleLang.Model;

namespace RuleLang.Text;

/// <summary>A <c>define NAME = …</c>: a named address or port list, exposed to C# by the generated handle.</summary>
public sealed record RlDefinition(
    string Name,
    RlDefinitionKind Kind,
    IReadOnlyList<string> Addresses,
    IReadOnlyList<RuleLang.Model.Values.PortSpan> Ports,
    SourceLocation Location);
