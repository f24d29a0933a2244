using System.Text;

namespace RuleLang.Compiler;

/// <summary>
/// One emitted file: its name (policy name and format's extension) and its exact bytes, UTF-8 without BOM.
/// Kept as bytes, not text: a large cluster's ruleset is tens of megabytes, twice that as a .NET string.
/// </summary>
public sealed record EmittedRuleset(string PolicyName, RulesetFormat Format, string FileName, byte[] Content)
{
    public string Text => Encoding.UTF8.GetString(Content);
}
