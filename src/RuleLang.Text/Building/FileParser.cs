using System.Collections.Generic;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;
using RuleLang.Text.Syntax;
using Sprache;

namespace RuleLang.Text.Building;

/// <summary>
/// The line and block structure of one file: which lines form a statement (one line, or several while a { }
/// list is open), which block each belongs to, and recovery. A statement that does not parse gives one RL0401
/// and reading goes on at the next line, so every bad line of a file is reported in one pass.
/// </summary>
internal sealed class FileParser
{
    /// <summary>Words that start a line of their own; a { } list left open stops before such a line.</summary>
    private static readonly HashSet<string> LineStarters = new(System.StringComparer.Ordinal)
    {
        "policy", "include", "define", "table", "chain", "allow", "redirect", "forward", "masquerade", "service",
        "cluster", "assert", "tcp", "udp", "sctp", "icmp", "icmpv6", "proto", "saddr", "daddr", "iif", "oif", "sport", "dport",
        "state", "mark", "stype", "dtype", "random", "nth", "limit", "type", "comment", "accept", "drop", "return",
        "reject", "jump", "goto", "log", "dnat", "snat", "connmark", "dscp", "notrack",
    };

    /// <summary>The words a file's first statement can begin with (a top-level statement).</summary>
    private static readonly HashSet<string> FirstWords = new(System.StringComparer.Ordinal)
    {
        "policy", "include", "define", "table", "chain", "allow", "redirect", "forward", "masquerade", "service", "cluster", "assert",
    };

    private readonly ParseSession _session;
    private readonly SourceText _source;
    private readonly string _path;
    private readonly bool _isMain;
    private readonly Stack<Block> _blocks = new();
    private bool _sawStatement;

    private FileParser(ParseSession session, string text, string path, bool isMain)
    {
        _session = session;
        _source = new SourceText(text);
        _path = path;
        _isMain = isMain;
    }

    public static void Parse(ParseSession session, string text, string path, bool isMain) =>
        new FileParser(session, text, path, isMain).Run();

    private void Run()
    {
        int line = 0;
        while (line < _source.Count)
        {
            string code = _source.Code(line);
            int first = Tokens.SkipBlanks(code, 0);
            if (first >= code.Length)
            {
                line++;
                continue;
            }
            string word = code.Substring(first, Tokens.WordLength(code, first));
            if (code[first] == '}')
            {
                CloseBlock(line, code);
                line++;
            }
            else if (!_sawStatement && !FirstWords.Contains(word))
            {
                ReportNotRl(line);
                return;
            }
            else if (_blocks.Count == 0)
            {
                line = TopLevel(line, code, first, word);
            }
            else if (_blocks.Peek().Kind == BlockKind.Table)
            {
                line = InTable(line, code, word);
            }
            else
            {
                line = InChain(line, code, word);
            }
        }
        if (_isMain && !_sawStatement)
        {
            _session.Diagnostics.Report(DiagnosticCatalog.RlMissingPolicyLine, new SourceLocation(_path, 1, 1), "this file has no statements");
        }
        while (_blocks.Count > 0)
        {
            ReportUnclosed(_blocks.Pop());
        }
    }

    /// <summary>
    /// A file whose first statement is no .rl statement is not .rl at all (a binary, /etc/shadow, /proc/self/environ
    /// behind an include or a link): it is reported once, without quoting a word of it, and not read further, since
    /// each line's diagnostic would quote that line's first word and so copy the file into a build log.
    /// </summary>
    private void ReportNotRl(int line)
    {
        _sawStatement = true;
        _session.Diagnostics.Report(DiagnosticCatalog.NotRlText, new SourceLocation(_path, line + 1, 1), _path);
    }

    private int TopLevel(int line, string code, int first, string word)
    {
        if (!_sawStatement)
        {
            _sawStatement = true;
            if (_isMain && word != "policy")
            {
                _session.Diagnostics.Report(DiagnosticCatalog.RlMissingPolicyLine, new SourceLocation(_path, line + 1, first + 1),
                    "add one above this line");
            }
        }
        if (word == "table")
        {
            var header = TryParse(RlGrammar.TableLine, code, line);
            if (header is TableHeaderSyntax table)
            {
                _blocks.Push(new Block(BlockKind.Table, "table " + NetfilterName(table), Location(line, table), _session.Assembler.Table(table.Table), null));
            }
            else if (OpensBlock(code))
            {
                _blocks.Push(new Block(BlockKind.Table, "table", new SourceLocation(_path, line + 1, first + 1), null, null));
            }
            return line + 1;
        }
        if (word == "chain")
        {
            // A chain outside a table: reported as the statement it is not, and its block skipped as a whole.
            TryParse(RlGrammar.TopLine, code, line);
            if (OpensBlock(code))
            {
                _blocks.Push(new Block(BlockKind.Chain, "chain", new SourceLocation(_path, line + 1, first + 1), null, null));
            }
            return line + 1;
        }
        var (text, last) = Gather(line);
        var statement = TryParse(RlGrammar.TopLine, text, line);
        if (statement != null)
        {
            _session.Handle(statement, new ValueReader(_session.Diagnostics, _path, line + 1), _isMain);
        }
        return last + 1;
    }

    private int InTable(int line, string code, string word)
    {
        var table = _blocks.Peek();
        if (word == "table")
        {
            ReportUnclosed(_blocks.Pop());
            return line;
        }
        var parsed = TryParse(RlGrammar.TableBodyLine, code, line);
        if (parsed is ChainHeaderSyntax header)
        {
            var reader = new ValueReader(_session.Diagnostics, _path, line + 1);
            var at = reader.At(header.At);
            var chain = table.Table?.Chain(header.Name.Text, at);
            chain?.Declare(header.Policy, at);
            _blocks.Push(new Block(BlockKind.Chain, "chain " + header.Name.Text, at, table.Table, chain));
        }
        else if (parsed is null && OpensBlock(code))
        {
            _blocks.Push(new Block(BlockKind.Chain, "chain", new SourceLocation(_path, line + 1, Tokens.SkipBlanks(code, 0) + 1), null, null));
        }
        return line + 1;
    }

    private int InChain(int line, string code, string word)
    {
        if (word == "table" || (word == "chain" && OpensBlock(code)))
        {
            ReportUnclosed(_blocks.Pop());
            return line;
        }
        var block = _blocks.Peek();
        var (text, last) = Gather(line);
        if (TryParse(RlGrammar.ChainBodyLine, text, line) is RuleSyntax rule)
        {
            var reader = new ValueReader(_session.Diagnostics, _path, line + 1);
            var at = reader.At(rule.At);
            var target = rule.Action.Build(reader);
            var made = new RuleMaker(reader, _session.Definitions).Make(rule.Matches, target is null ? null : target with { Location = reader.At(rule.Action.At) }, at);
            foreach (var r in made)
            {
                block.Chain?.Add(r);
            }
        }
        return last + 1;
    }

    private void CloseBlock(int line, string code)
    {
        if (_blocks.Count == 0)
        {
            TryParse(RlGrammar.TopLine, code, line);
            return;
        }
        TryParse(RlGrammar.CloseLine, code, line);
        _blocks.Pop();
    }

    /// <summary>
    /// The statement starting at <paramref name="line"/>: that line, and the lines after it while a { } list it
    /// opened is still open, up to a line that starts a statement of its own (so a list left open cannot swallow
    /// the rest of the file).
    /// </summary>
    private (string Text, int LastLine) Gather(int line)
    {
        int balance = _source.BraceBalance(line);
        if (balance <= 0)
        {
            return (_source.Code(line), line);
        }
        var text = new System.Text.StringBuilder(_source.Code(line));
        int last = line;
        while (balance > 0 && last + 1 < _source.Count && !StartsStatement(_source.Code(last + 1)))
        {
            last++;
            text.Append('\n').Append(_source.Code(last));
            balance += _source.BraceBalance(last);
        }
        return (text.ToString(), last);
    }

    private static bool StartsStatement(string code)
    {
        int first = Tokens.SkipBlanks(code, 0);
        int length = Tokens.WordLength(code, first);
        return length > 0 && LineStarters.Contains(code.Substring(first, length));
    }

    private static bool OpensBlock(string code) => code.TrimEnd().EndsWith("{", System.StringComparison.Ordinal);

    private StatementSyntax? TryParse(Parser<StatementSyntax> parser, string text, int line)
    {
        var result = parser(new Input(text));
        if (result.WasSuccessful)
        {
            return result.Value;
        }
        var (l, column, expected, found) = SyntaxError.Describe(result, text);
        _session.Diagnostics.Report(DiagnosticCatalog.RlSyntaxError, new SourceLocation(_path, line + l, column), expected, found);
        return null;
    }

    private void ReportUnclosed(Block block) =>
        _session.Diagnostics.Report(DiagnosticCatalog.RlBlockNotClosed, block.Location, block.Label);

    private SourceLocation Location(int line, StatementSyntax statement) =>
        new ValueReader(_session.Diagnostics, _path, line + 1).At(statement.At);

    private static string NetfilterName(TableHeaderSyntax table) => Model.Netfilter.NetfilterFacts.TableName(table.Table);

    private enum BlockKind
    {
        Table,
        Chain,
    }

    /// <summary>An open block; Table and Chain are null for a block whose header was wrong (its lines are still checked).</summary>
    private sealed record Block(BlockKind Kind, string Label, SourceLocation Location, TableDraft? Table, ChainDraft? Chain);
}
