namespace RuleLang.Model.Diagnostics;

/// <summary>One entry of the diagnostic catalogue: a stable ID, a title and a message with placeholders.</summary>
public sealed record DiagnosticDescriptor(string Id, string Title, string MessageFormat, Severity DefaultSeverity, string Category)
{
    public string HelpPath => $"docs/diagnostics/{Id}.md";
}
