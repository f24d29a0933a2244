using System.Collections.Generic;
using System.Text;

namespace RuleLang.Importers.Iptables;

/// <summary>One argument of an iptables command line, with the 1-based column where it starts (its opening quote, if quoted).</summary>
public readonly record struct IptablesToken(string Text, int Column, bool Quoted)
{
    public override string ToString() => Text;
}

/// <summary>
/// Splits a rule line into arguments the way iptables-restore does (add_param_to_argv in iptables' xshared.c):
/// spaces and tabs separate arguments; a double quote opens a quoted part in which spaces are kept and a backslash
/// takes the next character literally (<c>\"</c>, <c>\\</c>, <c>\'</c>); the closing quote ends the argument, so
/// <c>""</c> is an empty argument. Outside quotes a backslash and a single quote are ordinary characters, as in
/// iptables-restore (it is not a shell).
/// </summary>
public static class IptablesTokenizer
{
    /// <summary>
    /// The arguments of <paramref name="line"/>. When a quote is left open, returns false and the 1-based column of
    /// that quote in <paramref name="openQuoteColumn"/>; the tokens up to it are still returned.
    /// </summary>
    public static bool TryTokenize(string line, out IReadOnlyList<IptablesToken> tokens, out int openQuoteColumn)
    {
        var result = new List<IptablesToken>();
        var current = new StringBuilder();
        bool inToken = false;
        bool quoted = false;
        bool quoteOpen = false;
        bool escaped = false;
        int start = 0;
        int quoteColumn = 0;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoteOpen)
            {
                if (escaped)
                {
                    current.Append(c);
                    escaped = false;
                }
                else if (c == '\\')
                {
                    escaped = true;
                }
                else if (c == '"')
                {
                    // The closing quote ends the argument, even when more text follows at once.
                    quoteOpen = false;
                    result.Add(new IptablesToken(current.ToString(), start + 1, true));
                    current.Clear();
                    inToken = false;
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
                continue;
            }
            if (c == '"')
            {
                if (!inToken)
                {
                    start = i;
                    inToken = true;
                }
                quoteOpen = true;
                quoted = true;
                quoteColumn = i + 1;
                continue;
            }
            if (c is ' ' or '\t' or '\n' or '\r')
            {
                if (inToken)
                {
                    result.Add(new IptablesToken(current.ToString(), start + 1, quoted));
                    current.Clear();
                    inToken = false;
                    quoted = false;
                }
                continue;
            }
            if (!inToken)
            {
                start = i;
                inToken = true;
            }
            current.Append(c);
        }
        if (quoteOpen)
        {
            tokens = result;
            openQuoteColumn = quoteColumn;
            return false;
        }
        if (inToken)
        {
            result.Add(new IptablesToken(current.ToString(), start + 1, quoted));
        }
        tokens = result;
        openQuoteColumn = 0;
        return true;
    }
}
