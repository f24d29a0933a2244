using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CsCheck;

namespace RuleLang.KernelTests.Properties;

/// <summary>
/// The seed of the property runs: fixed by default, so CI runs the same cases every time; RULELANG_SEED (a number,
/// or any text, hashed) picks others. Case i is generated from CsCheck's <see cref="PCG"/> with stream i and this
/// seed, so case i is the same whatever the number of workers or the time budget.
/// </summary>
public static class PropertySeed
{
    public const ulong Default = 20251125;

    public static ulong Value { get; } = Parse(Environment.GetEnvironmentVariable("RULELANG_SEED"));

    public static string Describe() => Environment.GetEnvironmentVariable("RULELANG_SEED") is { Length: > 0 } s
        ? $"seed {Value} (RULELANG_SEED={s})"
        : $"seed {Value} (the default; set RULELANG_SEED to run other cases)";

    private static ulong Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Default;
        }

        if (ulong.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out ulong n))
        {
            return n;
        }

        ulong h = 14695981039346656037;
        foreach (char c in text)
        {
            h = (h ^ c) * 1099511628211;
        }

        return h;
    }
}

/// <summary>One generated case: its index in the run, CsCheck's seed string that regenerates it, and the value.</summary>
public sealed record PropertyCase<T>(int Index, string Seed, T Value);

/// <summary>The smallest failing case after shrinking, as C#, with how it failed.</summary>
public sealed record ShrunkCase<T>(PropertyCase<T> Original, PropertyFailure OriginalFailure, T Value, PropertyFailure Failure, int CsCheckShrinks, int GreedySteps);

public sealed record PropertyReport<T>(int Cases, TimeSpan Elapsed, ShrunkCase<T>? Failure, IReadOnlyDictionary<string, int> Classes);

/// <summary>
/// Runs a property over generated cases on several kernel slots at once, until the target count or the time
/// budget, stopping at the first failure. A failure is shrunk: first by CsCheck (<see cref="Check.Sample{T}(Gen{T}, Action{T}, Action{string}, string, long, int, int, Func{T, string}, ISampleLogger)"/>
/// from the failing case's seed, which only tries smaller cases and keeps those that fail at the same stage),
/// then greedily by <paramref name="reduce"/>.
/// </summary>
public sealed class PropertyRunner<T>(Gen<T> gen, Func<T, KernelSlot, PropertyFailure?> check, Func<T, string>? classify = null, Func<T, Func<T, bool>, TimeSpan, (T, int)>? reduce = null)
{
    /// <summary>RULELANG_PROPERTY_EXPLORE=1: do not stop at the first failure; print every failing case to stderr, unshrunk.</summary>
    public static bool Explore { get; } = Environment.GetEnvironmentVariable("RULELANG_PROPERTY_EXPLORE") == "1";

    public static PropertyCase<T> CaseAt(Gen<T> gen, ulong seed, int index)
    {
        var pcg = new PCG((uint)index, seed);
        string caseSeed = pcg.ToString(pcg.State);
        return new PropertyCase<T>(index, caseSeed, gen.Generate(pcg, null, out _));
    }

    public PropertyReport<T> Run(IReadOnlyList<KernelSlot> slots, ulong seed, int target, TimeSpan budget, TimeSpan shrinkBudget)
    {
        var clock = Stopwatch.StartNew();
        int next = -1;
        int done = 0;
        int stop = 0;
        var failures = new List<(PropertyCase<T> Case, PropertyFailure Failure)>();
        var classes = new Dictionary<string, int>(StringComparer.Ordinal);
        var workers = slots.Select(slot => Task.Factory.StartNew(() =>
        {
            while (Volatile.Read(ref stop) == 0 && clock.Elapsed < budget)
            {
                int i = Interlocked.Increment(ref next);
                if (i >= target)
                {
                    break;
                }

                PropertyCase<T> c = CaseAt(gen, seed, i);
                PropertyFailure? failure = check(c.Value, slot);
                lock (failures)
                {
                    if (classify is not null)
                    {
                        string k = classify(c.Value);
                        classes[k] = classes.GetValueOrDefault(k) + 1;
                    }

                    done++;
                    if (failure is not null)
                    {
                        failures.Add((c, failure));
                        if (Explore)
                        {
                            Console.Error.WriteLine($"[explore] case {c.Index} ({c.Seed}): {failure}\n");
                        }
                        else
                        {
                            Volatile.Write(ref stop, 1);
                        }
                    }
                }
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        Task.WaitAll(workers);
        TimeSpan elapsed = clock.Elapsed;

        if (failures.Count == 0 || Explore)
        {
            return new PropertyReport<T>(done, elapsed, null, classes);
        }

        // Every case below the first failure that was found ran to the end, so the smallest failing index is the
        // same on every run with this seed.
        var (first, firstFailure) = failures.OrderBy(f => f.Case.Index).First();
        return new PropertyReport<T>(done, elapsed, Shrink(slots[0], first, firstFailure, shrinkBudget), classes);
    }

    private ShrunkCase<T> Shrink(KernelSlot slot, PropertyCase<T> first, PropertyFailure failure, TimeSpan budget)
    {
        T smallest = first.Value;
        PropertyFailure smallestFailure = failure;
        int shrinks = 0;
        bool SameStage(T candidate, out PropertyFailure? f)
        {
            f = check(candidate, slot);
            return f is not null && f.Stage == failure.Stage;
        }

        try
        {
            // CsCheck replays the failing seed first, then tries random cases smaller than the smallest failure.
            Check.Sample(gen, candidate =>
            {
                if (SameStage(candidate, out PropertyFailure? f))
                {
                    smallest = candidate;
                    smallestFailure = f!;
                    shrinks++;
                    throw new PropertyFailedException(f!);
                }
            }, seed: first.Seed, time: Math.Max(1, (int)(budget.TotalSeconds / 2)), threads: 1);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // CsCheck reports the shrunk failure by throwing; the smallest case is kept above.
        }

        int steps = 0;
        if (reduce is not null)
        {
            (smallest, steps) = reduce(smallest, candidate =>
            {
                if (SameStage(candidate, out PropertyFailure? f))
                {
                    smallestFailure = f!;
                    return true;
                }

                return false;
            }, budget / 2);
        }

        return new ShrunkCase<T>(first, failure, smallest, smallestFailure, Math.Max(0, shrinks - 1), steps);
    }
}

/// <summary>Thrown inside CsCheck's sample to mark a candidate as failing.</summary>
public sealed class PropertyFailedException(PropertyFailure failure) : Exception(failure.ToString());
