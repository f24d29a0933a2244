using System;
using RuleLang.Model.Diagnostics;

namespace RuleLang.Text;

/// <summary>
/// What an <see cref="IRlSourceResolver"/> throws when it read an included file but cannot hand over its text (its
/// bytes are not UTF-8, say). The parser reports <see cref="Diagnostic"/> as it is, at the place in that file,
/// rather than as an include it could not read.
/// </summary>
public sealed class RlSourceRejectedException : Exception
{
    public RlSourceRejectedException(PolicyDiagnostic diagnostic)
        : base(diagnostic.Message) => Diagnostic = diagnostic;

    public PolicyDiagnostic Diagnostic { get; }
}
