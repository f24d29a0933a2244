namespace RuleLang.Generators.Models;

/// <summary>A .rl file among the project's AdditionalFiles: its path as the compiler got it, and its text.</summary>
internal sealed record RlFileSpec(string Path, string Text);
