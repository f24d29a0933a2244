using System;

namespace RuleLang.Live;

/// <summary>An nft script apply will not load: what is wrong, and on which line.</summary>
public sealed class NftScriptException : Exception
{
    public NftScriptException(int line, string message) : base(message) => Line = line;

    public int Line { get; }
}
