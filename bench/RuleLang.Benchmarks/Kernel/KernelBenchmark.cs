using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using RuleLang.Benchmarks.Plot;
using RuleLang.Model.Intents;

namespace RuleLang.Benchmarks.Kernel;

/// <summary>
/// <c>kernel [--sizes 1k,10k,30k] [--endpoints 5] [--ports 1] [--seed 8] [--connects 200] [--load-timeout 240]
/// [--repeat n] [--out bench/results] [--png docs/performance-scale.png]</c>, as root. For each size: compile
/// every output in a child process (cold time, warm time, peak memory), time <c>iptables-restore --test</c>,
/// <c>iptables-restore</c> and <c>nft -f</c> of each nft layout, each into a fresh namespace of its own, then
/// time TCP connection setup from that namespace to the first and the last service of KUBE-SERVICES. Writes a
/// CSV and a markdown table after every row (a run stopped half way keeps what it measured) and the plot at the end.
/// </summary>
public static class KernelBenchmark
{
    public static int Run(Options options)
    {
        var sizes = options.Ints("sizes", "1k,10k,30k");
        int endpoints = options.Int("endpoints", 5);
        int ports = options.Int("ports", 1);
        int seed = options.Int("seed", SyntheticCluster.DefaultSeed);
        int connects = options.Int("connects", 200);
        var loadTimeout = TimeSpan.FromSeconds(options.Int("load-timeout", 240));
        string outDir = options.Text("out", Path.Combine("bench", "results"));
        string png = options.Text("png", Path.Combine("docs", "performance-scale.png"));
        if (Command.Run("id", "-u").StdOut.Trim() != "0")
        {
            Console.Error.WriteLine("the kernel benchmark creates network namespaces: run it as root");
            return 2;
        }
        Directory.CreateDirectory(outDir);
        string work = Path.Combine(Path.GetTempPath(), "rlbench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(work);
        var machine = MachineFacts.Read();
        var rows = new List<ScaleFigures>();
        try
        {
            foreach (int services in sizes)
            {
                // Loads of small rulesets take tens of milliseconds: the median of three says more than one.
                int repeat = options.Int("repeat", services < 5000 ? 3 : 1);
                var size = new SizeRun(services, endpoints, ports, seed, connects, repeat, loadTimeout, work);
                foreach (var row in size.Measure())
                {
                    rows.Add(row);
                    Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {row.Services} services, {row.Output}: " + ResultTable.Markdown(new[] { row }).Split('\n')[2]);
                    Write(outDir, machine, rows, endpoints, ports, seed, connects);
                }
            }
        }
        catch (Exception e) when (e is InvalidOperationException or IOException)
        {
            // Caught rather than left unhandled, so that every namespace still open is disposed on the way out.
            Console.Error.WriteLine("the kernel benchmark stopped: " + e.Message);
            return 1;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
        Write(outDir, machine with { LoadAfter = MachineFacts.LoadAverage() }, rows, endpoints, ports, seed, connects);
        ScalePlot.Write(rows, png);
        Console.Error.WriteLine($"wrote {Path.Combine(outDir, "kernel-bench.md")}, {Path.Combine(outDir, "kernel-bench.csv")} and {png}");
        return 0;
    }

    private static void Write(string outDir, MachineFacts machine, IReadOnlyList<ScaleFigures> rows, int endpoints, int ports, int seed, int connects)
    {
        File.WriteAllText(Path.Combine(outDir, "kernel-bench.csv"), ResultTable.Csv(rows));
        var md = new StringBuilder();
        md.Append("<!-- written by `bash bench/kernel-bench.sh`: do not edit by hand -->\n");
        md.Append(FormattableString.Invariant($"Synthetic cluster: services × {endpoints} endpoints × {ports} port(s), seed {seed}; connection setup is the median of {connects} connects per service.\n\n"));
        md.Append(ResultTable.Markdown(rows)).Append('\n');
        md.Append(machine.Markdown());
        File.WriteAllText(Path.Combine(outDir, "kernel-bench.md"), md.ToString());
    }

    /// <summary>One cluster size: its rulesets, their loads and connection figures.</summary>
    private sealed record SizeRun(int Services, int Endpoints, int Ports, int Seed, int Connects, int Repeat, TimeSpan LoadTimeout, string Work)
    {
        public IEnumerable<ScaleFigures> Measure()
        {
            var compiled = BackEnd.All.Select(Compile).ToArray();
            var (first, last) = FirstAndLastService(compiled[0].File);
            foreach (var (backEnd, file, figures) in compiled)
            {
                yield return backEnd.IsNft ? MeasureNft(file, figures, first, last) : MeasureIptables(file, figures, first, last);
                File.Delete(file);
            }
        }

        private (BackEnd BackEnd, string File, ScaleFigures Figures) Compile(BackEnd backEnd)
        {
            string file = Path.Combine(Work, FormattableString.Invariant($"{Services}-{backEnd.Name}.rules"));
            var run = Command.Run(Command.Self(
                "quick", Text(Services), backEnd.Name, "--endpoints", Text(Endpoints), "--ports", Text(Ports),
                "--seed", Text(Seed), "--out", file), TimeSpan.FromMinutes(10)).EnsureSuccess();
            var pairs = run.StdOut.Trim().Split(' ').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
            double Number(string key) => double.Parse(pairs[key], CultureInfo.InvariantCulture);
            return (backEnd, file, new ScaleFigures(Services, backEnd.Name)
            {
                Lines = (long)Number("lines"),
                Bytes = (long)Number("bytes"),
                CompileColdS = Number("compile_cold_ms") / 1000,
                CompileWarmS = Number("compile_warm_ms") / 1000,
                PeakMb = (long)Number("peak_working_set_mb"),
            });
        }

        private ScaleFigures MeasureIptables(string file, ScaleFigures figures, ServiceIntent first, ServiceIntent last)
        {
            var tests = new List<double>();
            for (int i = 0; i < Repeat; i++)
            {
                using var ns = new BenchNamespace();
                tests.Add(ns.Exec(new[] { "iptables-restore", "--test", file }, LoadTimeout).EnsureSuccess().Elapsed.TotalSeconds);
            }
            return Load(new[] { "iptables-restore", file }, figures with { TestParseS = Median(tests) }, first, last);
        }

        private ScaleFigures MeasureNft(string file, ScaleFigures figures, ServiceIntent first, ServiceIntent last) =>
            Load(new[] { "nft", "-f", file }, figures, first, last);

        /// <summary>Loads the ruleset into fresh namespaces (the median of <see cref="Repeat"/>), then measures connections in the last one.</summary>
        private ScaleFigures Load(string[] loader, ScaleFigures figures, ServiceIntent first, ServiceIntent last)
        {
            var loads = new List<double>();
            for (int i = 0; i < Repeat; i++)
            {
                using var ns = new BenchNamespace();
                var run = ns.Exec(loader, LoadTimeout);
                if (run.TimedOut)
                {
                    return figures with { LoadNote = FormattableString.Invariant($"skipped, > {LoadTimeout.TotalSeconds:F0} s") };
                }
                if (!run.Success)
                {
                    return figures with { LoadNote = "refused: " + run.StdErr.Split('\n')[0].Trim() };
                }
                loads.Add(run.Elapsed.TotalSeconds);
                if (i == Repeat - 1)
                {
                    var (firstMs, lastMs) = ConnectionSetup.Measure(ns, first, last, Connects);
                    return figures with { LoadS = Median(loads), ConnectFirstMs = firstMs, ConnectLastMs = lastMs };
                }
            }
            throw new InvalidOperationException("no load was run");
        }

        /// <summary>
        /// The first and the last service in the order a new connection's packet meets them: the order of nat
        /// KUBE-SERVICES in the iptables output (the nft layouts are measured with the same two services).
        /// </summary>
        private (ServiceIntent First, ServiceIntent Last) FirstAndLastService(string iptablesFile)
        {
            var order = new List<(string Address, int Port)>();
            bool nat = false;
            foreach (string line in File.ReadLines(iptablesFile))
            {
                nat = line.StartsWith('*') ? line == "*nat" : nat;
                if (nat && line.StartsWith("-A KUBE-SERVICES -d ", StringComparison.Ordinal))
                {
                    var words = line.Split(' ');
                    string address = words[3].Split('/')[0];
                    int port = int.Parse(words[Array.IndexOf(words, "--dport") + 1], CultureInfo.InvariantCulture);
                    order.Add((address, port));
                }
            }
            if (order.Count == 0)
            {
                throw new InvalidOperationException("no service in nat KUBE-SERVICES of " + iptablesFile);
            }
            var services = SyntheticCluster.Create(Services, Endpoints, Ports, Seed).Intents.OfType<ServiceIntent>()
                .ToDictionary(s => (s.ClusterIp, s.Port));
            return (services[order[0]], services[order[^1]]);
        }

        private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

        private static double Median(List<double> values) => values.OrderBy(v => v).ElementAt(values.Count / 2);
    }
}
