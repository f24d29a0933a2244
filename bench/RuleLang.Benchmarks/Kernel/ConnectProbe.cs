using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace RuleLang.Benchmarks.Kernel;

/// <summary>
/// The two ends of the connection measurement, each run as a child process inside a namespace:
/// <c>listen port…</c> accepts and closes connections until killed; <c>connect [--count N] [--warmup W]
/// address:port…</c> opens N TCP connections to each target in turn (interleaved, so a drift in the machine's
/// load falls on every target alike) and prints the median and 90th percentile of connect() per target.
/// connect() returns when the SYN-ACK is in: a new connection's SYN has walked the nat table's rules by then.
/// </summary>
public static class ConnectProbe
{
    public const string Listening = "listening";

    public static int Listen(Options options)
    {
        var ports = Enumerable.Range(0, 100).Select(options.Positional).TakeWhile(p => p is not null).Select(p => Options.ParseInt(p!)).ToArray();
        var listeners = ports.Select(port =>
        {
            var listener = new TcpListener(IPAddress.Any, port);
            listener.Start(backlog: 1024);
            return listener;
        }).ToArray();
        foreach (var listener in listeners)
        {
            _ = Task.Run(async () =>
            {
                while (true)
                {
                    using var accepted = await listener.AcceptSocketAsync().ConfigureAwait(false);
                }
            });
        }
        Console.WriteLine(Listening);
        Console.Out.Flush();
        Thread.Sleep(Timeout.Infinite);
        return 0;
    }

    public static int Connect(Options options)
    {
        int count = options.Int("count", 200);
        int warmup = options.Int("warmup", 20);
        var targets = Enumerable.Range(0, 100).Select(options.Positional).TakeWhile(p => p is not null).Select(p => IPEndPoint.Parse(p!)).ToArray();
        var samples = targets.Select(_ => new List<double>(count)).ToArray();
        var failures = new int[targets.Length];
        for (int round = 0; round < warmup + count; round++)
        {
            for (int t = 0; t < targets.Length; t++)
            {
                double? us = Once(targets[t]);
                if (us is null)
                {
                    failures[t]++;
                }
                else if (round >= warmup)
                {
                    samples[t].Add(us.Value);
                }
            }
        }
        for (int t = 0; t < targets.Length; t++)
        {
            var sorted = samples[t].OrderBy(x => x).ToArray();
            Console.WriteLine(FormattableString.Invariant(
                $"target={targets[t]} count={sorted.Length} median_us={Percentile(sorted, 0.5):F1} p90_us={Percentile(sorted, 0.9):F1} failures={failures[t]}"));
        }
        return failures.Any(f => f > 0) ? 1 : 0;
    }

    private static double? Once(IPEndPoint target)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        // TCP_SYNCNT 1: a connect that the nat rules do not divert goes nowhere; give up after one retry (about
        // 3 s) rather than TCP's two minutes. A plain blocking connect keeps the thread pool out of the figure.
        socket.SetRawSocketOption(IpProtoTcp, TcpSynCount, BitConverter.GetBytes(1));
        var clock = Stopwatch.StartNew();
        try
        {
            socket.Connect(target);
        }
        catch (SocketException)
        {
            return null;
        }
        return clock.Elapsed.TotalMilliseconds * 1000;
    }

    // Linux numbers: .NET's SocketOptionName has no TCP_SYNCNT.
    private const int IpProtoTcp = 6;
    private const int TcpSynCount = 7;

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Floor(p * sorted.Length))];

    /// <summary>Reads one target's line of <see cref="Connect"/>'s output.</summary>
    public static (double MedianUs, double P90Us, int Failures) ParseLine(string output, string target)
    {
        string line = output.Split('\n').FirstOrDefault(l => l.StartsWith("target=" + target + " ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"no measurement for {target} in: {output}");
        var pairs = line.Split(' ').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        return (double.Parse(pairs["median_us"], CultureInfo.InvariantCulture),
                double.Parse(pairs["p90_us"], CultureInfo.InvariantCulture),
                int.Parse(pairs["failures"], CultureInfo.InvariantCulture));
    }
}
