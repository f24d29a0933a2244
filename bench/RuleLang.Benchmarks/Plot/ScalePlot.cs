using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using RuleLang.Benchmarks.Kernel;

namespace RuleLang.Benchmarks.Plot;

/// <summary>
/// <c>plot [--csv bench/results/kernel-bench.csv] [--png docs/performance-scale.png]</c>: the scale benchmark's
/// figures as a PNG, kernel load time (left, both axes logarithmic) and connection setup time to the first
/// (dashed) and last (solid) service (right) against service count, one colour per output. The kernel benchmark
/// draws it at the end of its run from the same rows it wrote to the CSV.
/// </summary>
public static class ScalePlot
{
    private static readonly Rgb[] Palette =
    {
        new(31, 119, 180), new(214, 39, 40), new(44, 160, 44), new(148, 103, 189), new(255, 127, 14), new(140, 86, 75),
    };

    public static int Run(Options options)
    {
        string csv = options.Text("csv", Path.Combine("bench", "results", "kernel-bench.csv"));
        string png = options.Text("png", Path.Combine("docs", "performance-scale.png"));
        Write(ResultTable.ReadCsv(csv), png);
        return 0;
    }

    public static void Write(IReadOnlyList<ScaleFigures> rows, string path)
    {
        var outputs = rows.Select(r => r.Output).Distinct().ToArray();
        var load = new List<PlotSeries>();
        var connect = new List<PlotSeries>();
        for (int i = 0; i < outputs.Length; i++)
        {
            var of = rows.Where(r => r.Output == outputs[i]).ToArray();
            var colour = Palette[i % Palette.Length];
            // A load that was not measured (past the time limit) has no point: the legend says so.
            string notes = string.Join(", ", of.Where(r => r.LoadS is null && r.LoadNote.Length > 0)
                .Select(r => (r.Services >= 1000 ? (r.Services / 1000).ToString(CultureInfo.InvariantCulture) + "K" : r.Services.ToString(CultureInfo.InvariantCulture)) + ": " + r.LoadNote));
            load.Add(new PlotSeries(notes.Length > 0 ? $"{outputs[i]} ({notes})" : outputs[i], colour, false, Points(of, r => r.LoadS)));
            if (of.Any(r => r.TestParseS is not null))
            {
                load.Add(new PlotSeries(outputs[i] + " --TEST", colour, true, Points(of, r => r.TestParseS)));
            }
            connect.Add(new PlotSeries(outputs[i] + " LAST", colour, false, Points(of, r => r.ConnectLastMs)));
            connect.Add(new PlotSeries(outputs[i] + " FIRST", colour, true, Points(of, r => r.ConnectFirstMs)));
        }
        var canvas = new PixelCanvas(1400, 600, new Rgb(255, 255, 255));
        new PlotPanel("KERNEL LOAD TIME (LOG SCALE)", "SECONDS", LogY: true, load).Draw(canvas, 0, 0, 700, 600);
        new PlotPanel("CONNECTION SETUP TIME (MEDIAN)", "MILLISECONDS", LogY: false, connect).Draw(canvas, 700, 0, 700, 600);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllBytes(path, canvas.ToPng());
    }

    private static IReadOnlyList<(double X, double Y)> Points(IEnumerable<ScaleFigures> rows, System.Func<ScaleFigures, double?> value) =>
        rows.Where(r => value(r) is not null).Select(r => ((double)r.Services, value(r)!.Value)).ToArray();
}
