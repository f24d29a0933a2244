using System.Collections.Generic;
using System.Runtime.CompilerServices;
using RuleLang.Model;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;

namespace RuleLang;

/// <summary>
/// The part of a rule that does not depend on its protocol: the matches gathered so far and the targets valid in
/// every table. Targets valid in some tables or hooks only are extension methods on this type, typed by table
/// and constrained by hook (see <see cref="NatTargets"/>, <see cref="FilterTargets"/>, …), so a misplaced one does
/// not compile. Values are kept as written; the checker, not the builder, judges them.
/// </summary>
public abstract class RuleBuilder<TTable, THook>
    where TTable : ITable
    where THook : IHook
{
    private readonly ChainState _chain;
    private readonly List<Match> _matches = new();

    private protected RuleBuilder(ChainState chain, Protocol protocol)
    {
        _chain = chain;
        if (protocol != Protocol.All)
        {
            _matches.Add(new ProtocolMatch(protocol));
        }
    }

    public void Accept([CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        Append(VerdictTarget.Accept, file, line);

    public void Drop([CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        Append(VerdictTarget.Drop, file, line);

    public void Return([CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        Append(VerdictTarget.Return, file, line);

    /// <summary>No target: the rule only counts the packets it matches, and they go on to the next rule.</summary>
    public void Count([CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        Append(NoTarget.Instance, file, line);

    /// <summary>
    /// LOG does not end evaluation: follow it with a rule that decides the packet's fate. <paramref name="flags"/>
    /// adds TCP sequence numbers, TCP or IP options, the socket's user, or the decoded MAC header to each line.
    /// </summary>
    public void Log(
        string? prefix = null,
        int level = LogTarget.DefaultLevel,
        LogFlags flags = LogFlags.None,
        [CallerFilePath] string file = "",
        [CallerLineNumber] int line = 0) =>
        Append(new LogTarget(prefix, level) { Flags = flags }, file, line);

    /// <summary><c>-j CHAIN</c>: evaluation comes back here when the chain returns.</summary>
    public void Jump(UserChain<TTable> chain, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        Append(new JumpTarget(chain.Name), file, line);

    /// <summary><c>-j CHAIN</c> to another owner's chain (see <see cref="TableBuilder{TTable}.External"/>).</summary>
    public void Jump(ForeignChain<TTable> chain, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        Append(new JumpTarget(chain.Name), file, line);

    /// <summary><c>-g CHAIN</c>: evaluation does not come back here; a RETURN there returns to our caller.</summary>
    public void Goto(UserChain<TTable> chain, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        Append(new JumpTarget(chain.Name, IsGoto: true), file, line);

    /// <summary>MARK <c>--set-xmark value/mask</c>; named apart from the <c>Mark</c> match.</summary>
    public void SetMark(
        uint value,
        uint mask = 0xffffffff,
        [CallerFilePath] string file = "",
        [CallerLineNumber] int line = 0) =>
        Append(new MarkTarget(value, mask), file, line);

    /// <summary>CONNMARK: set the connection's mark, or save the packet mark to it, or restore it from it.</summary>
    public void Connmark(
        ConnmarkMode mode,
        uint value = 0,
        uint mask = 0xffffffff,
        [CallerFilePath] string file = "",
        [CallerLineNumber] int line = 0) =>
        Append(new ConnmarkTarget(mode, value, mask), file, line);

    internal void Add(Match match) => _matches.Add(match);

    /// <summary>Copies the matches, so one builder can end in several targets without the rules sharing a list.</summary>
    internal void Append(Target target, string file, int line) =>
        _chain.Add(new Rule(_matches.ToArray(), target, new SourceLocation(file, line, 0)));
}
