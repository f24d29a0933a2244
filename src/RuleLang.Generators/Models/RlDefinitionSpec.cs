using RuleLang.Model.Values;
using RuleLang.Text;

namespace RuleLang.Generators.Models;

/// <summary>
/// A <c>define</c> of a .rl policy as a C# member of its handle's <c>Definitions</c> class.
/// </summary>
/// <param name="MemberName">The C# name: the .rl name in PascalCase, unique in the class.</param>
/// <param name="RlName">The name as written after <c>define</c>.</param>
internal sealed record RlDefinitionSpec(
    string MemberName,
    string RlName,
    RlDefinitionKind Kind,
    EquatableArray<string> Addresses,
    EquatableArray<PortSpan> Ports);
