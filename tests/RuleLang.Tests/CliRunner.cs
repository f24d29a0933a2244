using System;
using System.IO;
using RuleLang.Cli;

namespace RuleLang.Tests;

/// <summary>Runs the rulelang CLI in process, as a user would from a shell, and captures what it prints.</summary>
internal static class CliRunner
{
    public static (int Code, string StdOut, string StdErr) Run(params string[] args)
    {
        var oldOut = Console.Out;
        var oldError = Console.Error;
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            int code = Program.Main(args);
            return (code, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
        }
    }
}
