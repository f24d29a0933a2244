using System.Collections.Generic;

namespace RuleLang.Analysis.Trace;

/// <summary>
/// One way through the hooks: every random or nth branch decided one way. Its probability is the product of the
/// branches taken; the paths of a trace sum to 1.
/// </summary>
public sealed record TracePath(double Probability, IReadOnlyList<TraceStep> Steps, TraceOutcome Outcome);
