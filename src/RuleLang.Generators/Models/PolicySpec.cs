namespace RuleLang.Generators.Models;

/// <summary>
/// One policy class as the parser found it.
/// </summary>
/// <param name="FullName">The name reflection gives it (<c>Type.FullName</c>: <c>Ns.Outer+Inner</c>), which orders the registry as the CLI orders policies.</param>
/// <param name="TypeName">The fully qualified C# name, <c>global::Ns.Outer.Inner</c>.</param>
/// <param name="HandleBase">The handle's name before collisions are resolved: the class name less a <c>Policy</c> suffix.</param>
internal sealed record PolicySpec(string FullName, string TypeName, string HandleBase);
