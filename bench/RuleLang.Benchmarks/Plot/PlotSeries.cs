using System.Collections.Generic;

namespace RuleLang.Benchmarks.Plot;

/// <summary>One line of a plot panel: (x, y) points, drawn solid or dashed.</summary>
public sealed record PlotSeries(string Label, Rgb Colour, bool Dashed, IReadOnlyList<(double X, double Y)> Points);
