using System;
using RuleLang.Model.Targets;
using RuleLang.Text.Building;
using Sprache;

namespace RuleLang.Text.Syntax;

/// <summary>A rule's action as written, at its keyword; null from Build when a number in it was too large.</summary>
internal sealed record ActionSyntax(Func<ValueReader, Target?> Build, Position At);
