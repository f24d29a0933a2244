using System.Collections.Generic;

namespace RuleLang.Importers.Nftables;

/// <summary>
/// Splits one line of an nft ruleset into words as nft's scanner does for what `nft list ruleset` prints:
/// whitespace separates; `{`, `}`, `,` and `;` are words of their own; a double-quoted string runs to the next
/// '"' (nft has no escapes inside one); '#' outside a string starts a comment to the end of the line.
/// </summary>
internal static class NftTokenizer
{
    /// <summary>False, with the column of the opening quote, when a string is never closed.</summary>
    public static bool TryTokenize(string line, out List<NftToken> tokens, out int unclosedQuoteColumn)
    {
        tokens = new List<NftToken>();
        unclosedQuoteColumn = 0;
        int i = 0;
        while (i < line.Length)
        {
            char c = line[i];
            if (c is ' ' or '\t')
            {
                i++;
                continue;
            }
            if (c == '#')
            {
                break;
            }
            if (c is '{' or '}' or ',' or ';')
            {
                tokens.Add(new NftToken(c.ToString(), i + 1, false));
                i++;
                continue;
            }
            if (c == '"')
            {
                int close = line.IndexOf('"', i + 1);
                if (close < 0)
                {
                    unclosedQuoteColumn = i + 1;
                    return false;
                }
                tokens.Add(new NftToken(line.Substring(i + 1, close - i - 1), i + 1, true));
                i = close + 1;
                continue;
            }
            int start = i;
            while (i < line.Length && line[i] is not (' ' or '\t' or '{' or '}' or ',' or ';' or '"' or '#'))
            {
                i++;
            }
            tokens.Add(new NftToken(line.Substring(start, i - start), start + 1, false));
        }
        return true;
    }
}
