namespace RuleLang.Compiler.Files;

/// <summary>One file a run writes: where, and its exact bytes.</summary>
public sealed record OutputFile(string Path, byte[] Content);
