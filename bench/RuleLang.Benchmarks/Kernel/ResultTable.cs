using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace RuleLang.Benchmarks.Kernel;

/// <summary>The scale benchmark's figures as CSV (what the plot reads back) and as a markdown table (what the docs show).</summary>
public static class ResultTable
{
    private static readonly string[] Columns =
    {
        "services", "output", "lines", "bytes", "compile_cold_s", "compile_warm_s", "peak_mb", "test_parse_s", "load_s",
        "load_note", "connect_first_ms", "connect_last_ms", "last_over_first",
    };

    public static string Csv(IEnumerable<ScaleFigures> rows)
    {
        var csv = new StringBuilder(string.Join(',', Columns)).Append('\n');
        foreach (var r in rows)
        {
            csv.Append(string.Join(',',
                Int(r.Services), r.Output, Int(r.Lines), Int(r.Bytes), Num(r.CompileColdS, 3), Num(r.CompileWarmS, 3),
                r.PeakMb is { } peak ? Int(peak) : "", Num(r.TestParseS, 3), Num(r.LoadS, 3), Quote(r.LoadNote),
                Num(r.ConnectFirstMs, 4), Num(r.ConnectLastMs, 4), Num(r.LastOverFirst, 3))).Append('\n');
        }
        return csv.ToString();
    }

    public static IReadOnlyList<ScaleFigures> ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        var rows = new List<ScaleFigures>();
        foreach (string line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var cells = SplitCsv(line);
            string Cell(string column) => cells[Array.IndexOf(header, column)];
            double? Number(string column) => Cell(column).Length == 0 ? null : double.Parse(Cell(column), CultureInfo.InvariantCulture);
            rows.Add(new ScaleFigures(int.Parse(Cell("services"), CultureInfo.InvariantCulture), Cell("output"))
            {
                Lines = long.Parse(Cell("lines"), CultureInfo.InvariantCulture),
                Bytes = long.Parse(Cell("bytes"), CultureInfo.InvariantCulture),
                CompileColdS = Number("compile_cold_s"),
                CompileWarmS = Number("compile_warm_s"),
                PeakMb = Number("peak_mb") is { } peak ? (long)peak : null,
                TestParseS = Number("test_parse_s"),
                LoadS = Number("load_s"),
                LoadNote = Cell("load_note"),
                ConnectFirstMs = Number("connect_first_ms"),
                ConnectLastMs = Number("connect_last_ms"),
            });
        }
        return rows;
    }

    public static string Markdown(IEnumerable<ScaleFigures> rows)
    {
        var md = new StringBuilder();
        md.Append("| Services | Output | Lines | Size | Compile + emit, cold | warm | Peak memory | `iptables-restore --test` | Kernel load | Connect, first service | Connect, last service | Last / first |\n");
        md.Append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        foreach (var r in rows)
        {
            string load = r.LoadS is { } s ? Seconds(s) : "";
            if (r.LoadNote.Length > 0)
            {
                load = load.Length > 0 ? $"{load} ({r.LoadNote})" : r.LoadNote;
            }
            md.Append("| ").Append(string.Join(" | ",
                r.Services.ToString("N0", CultureInfo.InvariantCulture),
                r.Output,
                r.Lines.ToString("N0", CultureInfo.InvariantCulture),
                (r.Bytes / 1e6).ToString("F1", CultureInfo.InvariantCulture) + " MB",
                r.CompileColdS is { } cold ? Seconds(cold) : "",
                r.CompileWarmS is { } warm ? Seconds(warm) : "",
                r.PeakMb is { } peak ? peak.ToString(CultureInfo.InvariantCulture) + " MB" : "",
                r.TestParseS is { } test ? Seconds(test) : "",
                load,
                r.ConnectFirstMs is { } first ? Millis(first) : "",
                r.ConnectLastMs is { } last ? Millis(last) : "",
                r.LastOverFirst is { } ratio ? ratio.ToString("F2", CultureInfo.InvariantCulture) + "×" : "")).Append(" |\n");
        }
        return md.ToString();
    }

    private static string Seconds(double s) => s.ToString(s < 10 ? "F2" : "F1", CultureInfo.InvariantCulture) + " s";

    private static string Millis(double ms) => ms.ToString("F3", CultureInfo.InvariantCulture) + " ms";

    private static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Num(double? value, int decimals) => value?.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) ?? "";

    private static string Quote(string text) => text.Contains(',') || text.Contains('"') ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;

    private static string[] SplitCsv(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"')
            {
                cell.Append('"');
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }
        cells.Add(cell.ToString());
        return cells.ToArray();
    }
}
