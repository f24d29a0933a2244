using System;
using System.Globalization;

namespace RuleLang.Model.Diagnostics;

/// <summary>
/// A finding about a policy, as data; the CLI, MSBuild and Roslyn each render it their own way. Its message is
/// made safe to print here, whoever builds it (<see cref="DiagnosticText"/>): messages quote input, and every
/// front end prints them.
/// </summary>
public sealed record PolicyDiagnostic(DiagnosticDescriptor Descriptor, string Message, SourceLocation Location)
{
    private readonly string _message = DiagnosticText.Escape(Message);

    public string Message
    {
        get => _message;
        init => _message = DiagnosticText.Escape(value);
    }

    public string Id => Descriptor.Id;

    public Severity Severity => Descriptor.DefaultSeverity;

    public bool IsError => Severity == Severity.Error;

    public static PolicyDiagnostic Create(DiagnosticDescriptor descriptor, SourceLocation location, params object[] args) =>
        new(descriptor, string.Format(CultureInfo.InvariantCulture, descriptor.MessageFormat, args), location);

    /// <summary>MSBuild's canonical form, which IDEs and CI logs turn into links: file(line,col): error RL0101: ….</summary>
    public override string ToString()
    {
        string severity = Severity switch
        {
            Severity.Error => "error",
            Severity.Warning => "warning",
            _ => "info",
        };
        string where = Location.IsKnown
            ? $"{DiagnosticText.Escape(Location.File)}({Location.Line},{Math.Max(1, Location.Column)}): "
            : Location.File.Length > 0 ? DiagnosticText.Escape(Location.File) + ": " : "";
        return $"{where}{severity} {Id}: {Message}";
    }
}
