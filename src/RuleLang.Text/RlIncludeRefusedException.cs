using System;
using RuleLang.Model.Diagnostics;

namespace RuleLang.Text;

/// <summary>
/// Thrown by an <see cref="IRlSourceResolver"/> that will not read the file an include names (outside the folders
/// it may read, not a regular file, too large): the parser reports <see cref="Diagnostic"/> at the include line,
/// with the resolver's own ID and reason, and never reads the file.
/// </summary>
public sealed class RlIncludeRefusedException : Exception
{
    public RlIncludeRefusedException(PolicyDiagnostic diagnostic)
        : base(diagnostic.Message)
    {
        Diagnostic = diagnostic;
    }

    /// <summary>What to report; its location is replaced by the include's.</summary>
    public PolicyDiagnostic Diagnostic { get; }
}
