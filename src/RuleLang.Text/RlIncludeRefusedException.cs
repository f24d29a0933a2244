using System;
using RuleLang.Model.Diagnostics;

namespace RuleLang.Text;

/// <summary>
/// Thrown by an <see cref="IRlSourceResolver"/> that will not hand over the file an include names: outside the
/// folders it may read, not a regular file, too large (the file is never read), or read but not UTF-8. The parser
/// reports <see cref="Diagnostic"/> with the resolver's own ID and reason: at the include line when its location is
/// <see cref="Model.SourceLocation.None"/>, else where it says (a line inside the included file).
/// </summary>
public sealed class RlIncludeRefusedException : Exception
{
    public RlIncludeRefusedException(PolicyDiagnostic diagnostic)
        : base(diagnostic.Message)
    {
        Diagnostic = diagnostic;
    }

    /// <summary>What to report.</summary>
    public PolicyDiagnostic Diagnostic { get; }
}
