using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace RuleLang.Benchmarks.Plot;

/// <summary>One panel: a title, a logarithmic x axis (service count), a logarithmic or linear y axis, lines and a legend.</summary>
public sealed record PlotPanel(string Title, string YLabel, bool LogY, IReadOnlyList<PlotSeries> Series)
{
    private static readonly Rgb Ink = new(30, 30, 30);
    private static readonly Rgb Grid = new(225, 225, 225);

    public void Draw(PixelCanvas canvas, int left, int top, int width, int height)
    {
        // Room for tick labels on the left, the title above, the axis label below.
        int x0 = left + 90, x1 = left + width - 20, y0 = top + 50, y1 = top + height - 60;
        canvas.Text(left + ((width - PixelCanvas.TextWidth(Title)) / 2), top + 10, Title, Ink);
        var points = Series.SelectMany(s => s.Points).Where(p => p.Y > 0 || !LogY).ToArray();
        if (points.Length == 0)
        {
            canvas.Text(x0, y0 + 20, "NO FIGURES", Ink);
            return;
        }
        var xs = points.Select(p => p.X).Distinct().OrderBy(x => x).ToArray();
        double xMin = Math.Log10(xs[0]) - 0.15, xMax = Math.Log10(xs[^1]) + 0.15;
        double X(double x) => x0 + ((Math.Log10(x) - xMin) / (xMax - xMin) * (x1 - x0));

        double yMin, yMax;
        double[] yTicks;
        if (LogY)
        {
            yMin = Math.Floor(Math.Log10(points.Min(p => p.Y)));
            yMax = Math.Ceiling(Math.Log10(points.Max(p => p.Y)));
            yMax = yMax == yMin ? yMin + 1 : yMax;
            yTicks = Enumerable.Range((int)yMin, (int)(yMax - yMin) + 1).Select(e => Math.Pow(10, e)).ToArray();
        }
        else
        {
            yMin = 0;
            double step = NiceStep(points.Max(p => p.Y) / 5);
            yMax = Math.Ceiling(points.Max(p => p.Y) / step) * step;
            yTicks = Enumerable.Range(0, (int)Math.Round(yMax / step) + 1).Select(i => i * step).ToArray();
        }
        double Y(double y) => y1 - (((LogY ? Math.Log10(y) : y) - yMin) / (yMax - yMin) * (y1 - y0));

        foreach (double tick in yTicks)
        {
            canvas.Line(x0, Y(tick), x1, Y(tick), Grid);
            string label = Number(tick);
            canvas.Text(x0 - 8 - PixelCanvas.TextWidth(label), (int)Y(tick) - 7, label, Ink);
        }
        foreach (double x in xs)
        {
            canvas.Line(X(x), y0, X(x), y1, Grid);
            string label = x >= 1000 ? Number(x / 1000) + "K" : Number(x);
            canvas.Text((int)X(x) - (PixelCanvas.TextWidth(label) / 2), y1 + 10, label, Ink);
        }
        canvas.Line(x0, y0, x0, y1, Ink, 2);
        canvas.Line(x0, y1, x1, y1, Ink, 2);
        string xLabel = "SERVICES";
        canvas.Text(x0 + ((x1 - x0 - PixelCanvas.TextWidth(xLabel)) / 2), y1 + 34, xLabel, Ink);
        canvas.Text(left + 4, top + 22, YLabel, Ink);

        foreach (var series in Series)
        {
            var line = series.Points.Where(p => p.Y > 0 || !LogY).OrderBy(p => p.X).ToArray();
            for (int i = 1; i < line.Length; i++)
            {
                canvas.Line(X(line[i - 1].X), Y(line[i - 1].Y), X(line[i].X), Y(line[i].Y), series.Colour, 3, series.Dashed ? 8 : 0);
            }
            foreach (var p in line)
            {
                canvas.FillRectangle((int)X(p.X) - 4, (int)Y(p.Y) - 4, 9, 9, series.Colour);
            }
        }

        int legendY = y0 + 8;
        foreach (var series in Series)
        {
            canvas.Line(x0 + 12, legendY + 7, x0 + 52, legendY + 7, series.Colour, 3, series.Dashed ? 8 : 0);
            canvas.Text(x0 + 60, legendY, series.Label, Ink);
            legendY += 22;
        }
    }

    private static double NiceStep(double rough)
    {
        if (rough <= 0)
        {
            return 1;
        }
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        double fraction = rough / magnitude;
        return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * magnitude;
    }

    private static string Number(double value) => value.ToString(value < 1 ? "0.###" : "0.#", CultureInfo.InvariantCulture);
}
