using System;
using System.Linq;
using System.Collections.Generic;
using System.Text;
using Sprache;

namespace RuleLang.Text.Syntax;

/// <summary>
/// The lexical level of the grammar: each parser skips blanks, then reads one whole token or fails where the token
/// would start without consuming anything. Failing in place is what lets <c>Named</c> name the production and
/// <c>XMany</c> tell "no more matches" from "a match that went wrong", so errors point at the offending token.
/// </summary>
internal static class Tokens
{
    /// <summary>How many characters at <paramref name="position"/> make the token; 0 when it is not there.</summary>
    public delegate int Scanner(string text, int position);

    public static bool IsLetter(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

    public static bool IsDigit(char c) => c >= '0' && c <= '9';

    public static bool IsHexDigit(char c) => IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');

    /// <summary>Characters that run together into one word; a token must not be followed by one.</summary>
    public static bool IsWordChar(char c) => IsLetter(c) || IsDigit(c) || c is '_' or '-' or '.' or '+';

    /// <summary>Blanks between tokens. A line break only reaches a parser inside a { } list spread over lines.</summary>
    public static bool IsBlank(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f' or '\v';

    public static int SkipBlanks(string text, int position)
    {
        while (position < text.Length && IsBlank(text[position]))
        {
            position++;
        }
        return position;
    }

    public static Parser<Tok> Token(Scanner scan, string expected)
    {
        var expectations = new[] { expected };
        return input =>
        {
            string text = input.Source;
            int start = SkipBlanks(text, input.Position);
            int length = start < text.Length ? scan(text, start) : 0;
            if (length <= 0)
            {
                return Result.Failure<Tok>(input, expected, expectations);
            }
            var at = Advance(input, start - input.Position);
            return Result.Success(new Tok(text.Substring(start, length), Position.FromInput(at)), Advance(at, length));
        };
    }

    /// <summary>A fixed word such as <c>accept</c>; <c>accepted</c> or <c>random-fully</c> for <c>random</c> do not count.</summary>
    public static Parser<Tok> Keyword(string word) => Token(KeywordScanner(word), "'" + word + "'");

    /// <summary>
    /// A keyword that does not begin the longer phrase <paramref name="word"/> <paramref name="notBefore"/>:
    /// <c>mark 0x1</c> is a match, <c>mark set 0x1</c> an action. Looking ahead keeps the match from consuming
    /// <c>mark</c> and then failing, which would report an error instead of trying the action.
    /// </summary>
    public static Parser<Tok> Keyword(string word, string notBefore)
    {
        var plain = KeywordScanner(word);
        var next = KeywordScanner(notBefore);
        return Token((text, p) =>
        {
            int length = plain(text, p);
            if (length == 0)
            {
                return 0;
            }
            int after = SkipBlanks(text, p + length);
            return after < text.Length && next(text, after) > 0 ? 0 : length;
        }, "'" + word + "'");
    }

    /// <summary>
    /// A keyword that begins none of the longer phrases in <paramref name="notBefore"/>, each a list of words:
    /// <c>ct original saddr</c> is a match, <c>ct original zone set 1</c> an action (see the other overload).
    /// </summary>
    public static Parser<Tok> Keyword(string word, params string[][] notBefore)
    {
        var plain = KeywordScanner(word);
        var phrases = notBefore.Select(words => words.Select(KeywordScanner).ToArray()).ToArray();
        return Token((text, p) =>
        {
            int length = plain(text, p);
            if (length == 0)
            {
                return 0;
            }
            foreach (var phrase in phrases)
            {
                int at = p + length;
                bool all = true;
                foreach (var next in phrase)
                {
                    at = SkipBlanks(text, at);
                    int n = at < text.Length ? next(text, at) : 0;
                    if (n == 0)
                    {
                        all = false;
                        break;
                    }
                    at += n;
                }
                if (all)
                {
                    return 0;
                }
            }
            return length;
        }, "'" + word + "'");
    }

    /// <summary>One of a set of words, read as the value it stands for.</summary>
    public static Parser<Located<T>> OneOf<T>(string expected, params (string Word, T Value)[] words)
    {
        var byWord = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var (word, value) in words)
        {
            byWord.Add(word, value);
        }
        var token = Token((text, p) =>
        {
            int length = WordLength(text, p);
            return length > 0 && byWord.ContainsKey(text.Substring(p, length)) ? length : 0;
        }, expected);
        return token.Select(t => new Located<T>(byWord[t.Text], t.At));
    }

    public static Parser<Tok> Symbol(string symbol) =>
        Token((text, p) => string.CompareOrdinal(text, p, symbol, 0, symbol.Length) == 0 ? symbol.Length : 0, "'" + symbol + "'");

    /// <summary>name: a letter, digit or '_', then letters, digits, '_', '-' or '.'.</summary>
    public static readonly Scanner Name = (text, p) =>
    {
        if (!(IsLetter(text[p]) || IsDigit(text[p]) || text[p] == '_'))
        {
            return 0;
        }
        int end = p + 1;
        while (end < text.Length && (IsLetter(text[end]) || IsDigit(text[end]) || text[end] is '_' or '-' or '.'))
        {
            end++;
        }
        return Ends(text, end) ? end - p : 0;
    };

    /// <summary>identifier: a letter, then letters, digits or '_'.</summary>
    public static readonly Scanner Identifier = (text, p) =>
    {
        if (!IsLetter(text[p]))
        {
            return 0;
        }
        int end = p + 1;
        while (end < text.Length && (IsLetter(text[end]) || IsDigit(text[end]) || text[end] == '_'))
        {
            end++;
        }
        return Ends(text, end) ? end - p : 0;
    };

    /// <summary>def-ref: '$' and an identifier, written together.</summary>
    public static readonly Scanner DefinitionReference = (text, p) =>
        text[p] == '$' && p + 1 < text.Length && Identifier(text, p + 1) is var length and > 0 ? length + 1 : 0;

    /// <summary>set-ref: '@' and a set name, written together, as nft refers to a named set.</summary>
    public static readonly Scanner SetReference = (text, p) =>
        text[p] == '@' && p + 1 < text.Length && Name(text, p + 1) is var length and > 0 ? length + 1 : 0;

    /// <summary>interface: a name, optionally ending in '+', or '+' alone.</summary>
    public static readonly Scanner Interface = (text, p) =>
    {
        int end = p;
        while (end < text.Length && (IsLetter(text[end]) || IsDigit(text[end]) || text[end] is '_' or '-' or '.'))
        {
            end++;
        }
        if (end < text.Length && text[end] == '+')
        {
            end++;
        }
        return end > p && Ends(text, end) ? end - p : 0;
    };

    public static readonly Scanner Digits = (text, p) =>
    {
        int end = DigitsEnd(text, p);
        return end > p && Ends(text, end) ? end - p : 0;
    };

    /// <summary>number: decimal digits or 0x and hexadecimal digits.</summary>
    public static readonly Scanner Number = (text, p) =>
    {
        if (text[p] == '0' && p + 2 < text.Length && text[p + 1] is 'x' or 'X' && IsHexDigit(text[p + 2]))
        {
            int end = p + 2;
            while (end < text.Length && IsHexDigit(text[end]))
            {
                end++;
            }
            return Ends(text, end) ? end - p : 0;
        }
        return Digits(text, p);
    };

    /// <summary>decimal: digits, optionally '.' and digits.</summary>
    public static readonly Scanner Decimal = (text, p) =>
    {
        int end = DigitsEnd(text, p);
        if (end == p)
        {
            return 0;
        }
        if (end + 1 < text.Length && text[end] == '.' && IsDigit(text[end + 1]))
        {
            end = DigitsEnd(text, end + 1);
        }
        return Ends(text, end) ? end - p : 0;
    };

    /// <summary>port-span: a port, or two joined by '-'.</summary>
    public static readonly Scanner PortSpan = (text, p) =>
    {
        int end = DigitsEnd(text, p);
        if (end == p)
        {
            return 0;
        }
        if (end + 1 < text.Length && text[end] == '-' && IsDigit(text[end + 1]))
        {
            end = DigitsEnd(text, end + 1);
        }
        return Ends(text, end) ? end - p : 0;
    };

    /// <summary>
    /// address: the shape of an IPv4 or IPv6 address (hex digits, '.' and ':', with a '.' or a ':'), optionally
    /// '/' and a prefix length. Whether it is a valid address is the checker's to say (RL0101), so one mistake is
    /// reported once.
    /// </summary>
    public static readonly Scanner Address = (text, p) =>
    {
        if (!(IsHexDigit(text[p]) || text[p] == ':'))
        {
            return 0;
        }
        int end = p;
        bool separated = false;
        while (end < text.Length && (IsHexDigit(text[end]) || text[end] is ':' or '.'))
        {
            separated |= text[end] is ':' or '.';
            end++;
        }
        if (!separated)
        {
            return 0;
        }
        if (end + 1 < text.Length && text[end] == '/' && IsDigit(text[end + 1]))
        {
            end = DigitsEnd(text, end + 1);
        }
        return Ends(text, end) && (end >= text.Length || text[end] != ':') ? end - p : 0;
    };

    /// <summary>
    /// address-range: two address shapes joined by '-', with no prefix length (iprange compares single addresses).
    /// Like <see cref="Address"/>, whether each end is a valid address is the checker's to say.
    /// </summary>
    public static readonly Scanner AddressRange = (text, p) =>
    {
        int middle = AddressShapeEnd(text, p);
        if (middle == p || middle >= text.Length || text[middle] != '-')
        {
            return 0;
        }
        int end = AddressShapeEnd(text, middle + 1);
        return end > middle + 1 && Ends(text, end) ? end - p : 0;
    };

    /// <summary>The end of hex digits, '.' and ':' from p holding at least one '.' or ':', or p when there is none.</summary>
    private static int AddressShapeEnd(string text, int p)
    {
        int end = p;
        bool separated = false;
        while (end < text.Length && (IsHexDigit(text[end]) || text[end] is ':' or '.'))
        {
            separated |= text[end] is ':' or '.';
            end++;
        }
        return separated ? end : p;
    }

    /// <summary>ipv4-address: four groups of digits joined by '.'; may be followed by ':' and a port.</summary>
    public static readonly Scanner Ipv4Address = (text, p) =>
    {
        int end = p;
        for (int group = 0; group < 4; group++)
        {
            if (group > 0)
            {
                if (end >= text.Length || text[end] != '.')
                {
                    return 0;
                }
                end++;
            }
            int digitsEnd = DigitsEnd(text, end);
            if (digitsEnd == end)
            {
                return 0;
            }
            end = digitsEnd;
        }
        return Ends(text, end) ? end - p : 0;
    };

    /// <summary>An IPv6 address written alone: hex digits, ':' and '.', with at least one ':'.</summary>
    public static readonly Scanner Ipv6Address = (text, p) =>
    {
        int end = p;
        bool colon = false;
        while (end < text.Length && (IsHexDigit(text[end]) || text[end] is ':' or '.'))
        {
            colon |= text[end] == ':';
            end++;
        }
        return colon && Ends(text, end) ? end - p : 0;
    };

    /// <summary>'[' IPv6 address ']', as an address is written before ':port'.</summary>
    public static readonly Scanner BracketedIpv6 = (text, p) =>
    {
        if (text[p] != '[')
        {
            return 0;
        }
        int end = p + 1;
        while (end < text.Length && (IsHexDigit(text[end]) || text[end] is ':' or '.'))
        {
            end++;
        }
        return end > p + 1 && end < text.Length && text[end] == ']' ? end + 1 - p : 0;
    };

    /// <summary>A string in double quotes on one line; \" and \\ are its only escapes. Yields the unescaped text.</summary>
    public static readonly Parser<Tok> QuotedString = input =>
    {
        string text = input.Source;
        int start = SkipBlanks(text, input.Position);
        if (start >= text.Length || text[start] != '"')
        {
            return Result.Failure<Tok>(input, "string", new[] { "a string in double quotes" });
        }
        var value = new StringBuilder();
        int p = start + 1;
        while (true)
        {
            if (p >= text.Length || text[p] == '\n')
            {
                return Result.Failure<Tok>(Advance(input, p - input.Position), "unclosed string", new[] { "'\"' to end the string" });
            }
            char c = text[p];
            if (c == '"')
            {
                var at = Advance(input, start - input.Position);
                return Result.Success(new Tok(value.ToString(), Position.FromInput(at)), Advance(at, p + 1 - start));
            }
            if (c == '\\')
            {
                if (p + 1 < text.Length && text[p + 1] is '"' or '\\')
                {
                    value.Append(text[p + 1]);
                    p += 2;
                    continue;
                }
                return Result.Failure<Tok>(Advance(input, p - input.Position), "bad escape", new[] { "\\\" or \\\\ (the only escapes in a string)" });
            }
            value.Append(c);
            p++;
        }
    };

    /// <summary>Nothing but blanks to the end of the statement.</summary>
    public static readonly Parser<Unit> EndOfLine = input =>
        SkipBlanks(input.Source, input.Position) >= input.Source.Length
            ? Result.Success(Unit.Value, Advance(input, input.Source.Length - input.Position))
            : Result.Failure<Unit>(input, "end of line", new[] { "end of line" });

    public static int WordLength(string text, int p)
    {
        int end = p;
        while (end < text.Length && IsWordChar(text[end]))
        {
            end++;
        }
        return end - p;
    }

    private static Scanner KeywordScanner(string word) => (text, p) =>
        WordLength(text, p) == word.Length && string.CompareOrdinal(text, p, word, 0, word.Length) == 0 ? word.Length : 0;

    private static int DigitsEnd(string text, int p)
    {
        while (p < text.Length && IsDigit(text[p]))
        {
            p++;
        }
        return p;
    }

    /// <summary>A token ends where the next character cannot continue a word.</summary>
    private static bool Ends(string text, int end) => end >= text.Length || !IsWordChar(text[end]);

    private static IInput Advance(IInput input, int count)
    {
        for (int i = 0; i < count; i++)
        {
            input = input.Advance();
        }
        return input;
    }
}

/// <summary>The value of a parser that only checks something.</summary>
internal sealed class Unit
{
    public static readonly Unit Value = new();

    private Unit()
    {
    }
}
