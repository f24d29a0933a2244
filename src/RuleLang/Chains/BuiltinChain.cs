using System.Runtime.CompilerServices;
using RuleLang.Model;
using RuleLang.Model.Values;

namespace RuleLang;

/// <summary>A built-in chain: the only kind that has a policy, so only it offers <see cref="Policy"/>.</summary>
public sealed class BuiltinChain<TTable, THook> : Chain<TTable, THook>
    where TTable : ITable
    where THook : IHook
{
    internal BuiltinChain(ChainState state)
        : base(state)
    {
    }

    /// <summary>What happens to a packet that reaches the end of the chain (<c>-P</c>); ACCEPT until set.</summary>
    public void Policy(Verdict verdict, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        State.SetPolicy(verdict, new SourceLocation(file, line, 0));

    /// <summary>
    /// Where the jump into this chain's own chain goes, for a policy that owns its own chains, overriding the
    /// placement given to <see cref="PolicyBuilder.Owns"/>: <c>p.Filter.Forward.PlaceJump(JumpPlacement.Before("DOCKER-USER"))</c>.
    /// </summary>
    public void PlaceJump(JumpPlacement placement, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        State.PlaceJump(placement, new SourceLocation(file, line, 0));
}
