using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using RuleLang.Analysis.Symbolic;
using RuleLang.Compiler;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Netfilter;

namespace RuleLang.Cli;

/// <summary>
/// rulelang matrix INPUT... [--chain TABLE/CHAIN | --hook HOOK]: the partition of new connections by what a
/// hook (all its tables, by priority) or one chain does with them, as a table of ranges.
/// </summary>
public sealed class MatrixCommand
{
    private readonly TextWriter _out;
    private readonly TextWriter _error;

    public MatrixCommand(TextWriter output, TextWriter error)
    {
        _out = output;
        _error = error;
    }

    public int Run(IEnumerable<string> inputs, string? onlyPolicy, string? from, string? chain, string? hook)
    {
        if (chain is not null && hook is not null)
        {
            _error.WriteLine("rulelang: give --chain or --hook, not both");
            return 1;
        }
        if (!AnalysisInputs.TryLoadOne(inputs, onlyPolicy, from, _error, out var lowered))
        {
            return 1;
        }
        var analysis = new PolicyAnalysis(lowered);
        try
        {
            IReadOnlyList<MatrixRow> rows;
            if (chain is not null)
            {
                int slash = chain.IndexOf('/');
                if (slash <= 0 || !TryParseTable(chain.Substring(0, slash), out var table))
                {
                    _error.WriteLine($"rulelang: --chain '{chain}' is not TABLE/CHAIN, such as filter/INPUT (tables: raw, mangle, nat, filter, security)");
                    return 1;
                }
                string name = chain.Substring(slash + 1);
                if (lowered.FindTable(table)?.FindChain(name) is null)
                {
                    _error.WriteLine($"rulelang: policy {lowered.Name} has no chain {name} in table {NetfilterFacts.TableName(table)}");
                    return 1;
                }
                rows = ServiceMatrix.ForChain(analysis, table, name, new AnalysisBudget());
            }
            else
            {
                if (!Enum.TryParse(hook ?? "input", ignoreCase: true, out Hook parsed) || !Enum.IsDefined(typeof(Hook), parsed))
                {
                    _error.WriteLine($"rulelang: --hook '{hook}' is not a hook; use prerouting, input, forward, output or postrouting");
                    return 1;
                }
                rows = ServiceMatrix.ForHook(analysis, parsed, new AnalysisBudget());
            }
            _out.Write(ServiceMatrix.Render(rows));
            return 0;
        }
        catch (AnalysisLimitExceededException limit)
        {
            _error.WriteLine($"rulelang: {limit.Message}; ask about one chain (--chain) to narrow it");
            return 1;
        }
    }

    private static bool TryParseTable(string name, out TableKind table)
    {
        foreach (TableKind kind in Enum.GetValues(typeof(TableKind)))
        {
            if (NetfilterFacts.TableName(kind) == name)
            {
                table = kind;
                return true;
            }
        }
        table = default;
        return false;
    }
}
