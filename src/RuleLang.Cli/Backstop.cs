using System;
using System.IO;
using RuleLang.Checker;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;

namespace RuleLang.Cli;

/// <summary>
/// The last line of defence of every command: an exception no diagnostic covers becomes one plain line with an ID
/// (RL0721) on stderr and exit code 1, never a stack trace. Every failure a user can cause has a diagnostic of its
/// own; this only keeps a bug from printing .NET internals, or text of the exception's, as if it were output.
/// </summary>
public static class Backstop
{
    public static int Run(Func<int> command, TextWriter error)
    {
        try
        {
            return command();
        }
        catch (Exception ex)
        {
            var failure = PolicyDiagnostic.Create(DiagnosticCatalog.UnexpectedFailure, SourceLocation.None,
                ex.GetType().Name, ValueRules.Printable(ex.Message.TrimEnd('.', ' ')));
            error.WriteLine("rulelang: " + failure);
            return 1;
        }
    }
}
