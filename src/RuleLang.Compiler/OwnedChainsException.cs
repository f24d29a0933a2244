using System;

namespace RuleLang.Compiler;

/// <summary>An own-chains ruleset cannot be merged into a live table as it asks (e.g. its jump's anchor is absent). The message is a plain sentence.</summary>
public sealed class OwnedChainsException : Exception
{
    public OwnedChainsException(string message)
        : base(message)
    {
    }
}
