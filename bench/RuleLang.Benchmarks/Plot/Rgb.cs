namespace RuleLang.Benchmarks.Plot;

public readonly record struct Rgb(byte R, byte G, byte B);
