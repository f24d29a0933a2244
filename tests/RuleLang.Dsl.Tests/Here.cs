using System.Runtime.CompilerServices;

namespace RuleLang.Dsl.Tests;

/// <summary>Caller info for expected locations, so the tests survive edits that move lines.</summary>
internal static class Here
{
    public static int Line([CallerLineNumber] int line = 0) => line;

    public static string File([CallerFilePath] string file = "") => file;
}
