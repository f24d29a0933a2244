namespace RuleLang.Analyzers.Tests;

/// <summary>Statements inside a policy's Define method (and optional members beside it), as a whole file.</summary>
internal static class Snippet
{
    public const string Path = "/src/Policies/Snippet.cs";

    public static string Policy(string statements, string members = "", string name = "\"snippet\"") =>
        TestCompilation.Usings +
        "public sealed class Snippet : PolicyDefinition\n" +
        "{\n" +
        members +
        "    public override string Name => " + name + ";\n" +
        "    protected override void Define(PolicyBuilder p)\n" +
        "    {\n" +
        "        " + statements.Replace("\n", "\n        ", System.StringComparison.Ordinal) + "\n" +
        "    }\n" +
        "}\n";
}
