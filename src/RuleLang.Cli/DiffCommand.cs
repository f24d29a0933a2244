using System.Collections.Generic;
using System.IO;
using System.Linq;
using RuleLang.Analysis.Symbolic;
using RuleLang.Model.Netfilter;

namespace RuleLang.Cli;

/// <summary>
/// rulelang diff OLD NEW [--format text|markdown]: the flows whose fate changes from one policy to the other
/// (each an assembly, a .rl file or a committed ruleset / iptables dump), with the rules responsible.
/// </summary>
public sealed class DiffCommand
{
    private readonly TextWriter _out;
    private readonly TextWriter _error;

    public DiffCommand(TextWriter output, TextWriter error)
    {
        _out = output;
        _error = error;
    }

    public int Run(string oldPath, string newPath, string? onlyPolicy, string? from, string format)
    {
        if (!AnalysisInputs.TryLoadOne(new[] { oldPath }, onlyPolicy, from, _error, out var before)
            || !AnalysisInputs.TryLoadOne(new[] { newPath }, onlyPolicy, from, _error, out var after))
        {
            return 1;
        }
        // A dump of one family says nothing about the other, so only that family is compared.
        var families = new[] { DumpFamily(oldPath, from), DumpFamily(newPath, from) }.OfType<IpFamily>().Distinct().ToArray();
        if (families.Length > 1)
        {
            _error.WriteLine($"rulelang: {oldPath} and {newPath} are dumps of different families; compare an iptables dump with an iptables dump");
            return 1;
        }
        try
        {
            var changes = SemanticDiff.Compare(before, after, new AnalysisBudget(), families: families.Length == 1 ? families : null);
            _out.Write(format == "markdown" ? SemanticDiff.RenderMarkdown(changes) : SemanticDiff.RenderText(changes));
            return 0;
        }
        catch (AnalysisLimitExceededException limit)
        {
            _error.WriteLine("rulelang: " + limit.Message);
            return 1;
        }
    }

    public static IpFamily? DumpFamily(string path, string? from) => InputFiles.Classify(path, from) switch
    {
        InputKind.IptablesDump => IpFamily.IPv4,
        InputKind.Ip6tablesDump => IpFamily.IPv6,
        _ => null,
    };
}
