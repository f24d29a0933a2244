using System.IO;
using RuleLang.Model.Diagnostics;

namespace RuleLang.Compiler.Files;

/// <summary>
/// A file RuleLang refused to read or could not write, as the diagnostic the command line prints: thrown where
/// the I/O happens, caught at the edge, so a deep refusal never becomes a stack trace.
/// </summary>
public sealed class FileDiagnosticException : IOException
{
    public FileDiagnosticException(PolicyDiagnostic diagnostic)
        : base(diagnostic.Message)
    {
        Diagnostic = diagnostic;
    }

    public PolicyDiagnostic Diagnostic { get; }
}
