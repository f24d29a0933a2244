using System.Globalization;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Values;
using RuleLang.Text.Syntax;
using Sprache;

namespace RuleLang.Text.Building;

/// <summary>
/// Turns the tokens of one statement into values and places: positions into source locations, digits into the
/// model's integer types. A number too large for its type is the only value error reported here; whether a
/// value is valid for netfilter (port 70000, DSCP 99) is left to the checker.
/// </summary>
internal sealed class ValueReader
{
    private readonly DiagnosticList _diagnostics;
    private readonly string _path;
    private readonly int _firstLine;

    public ValueReader(DiagnosticList diagnostics, string path, int firstLine)
    {
        _diagnostics = diagnostics;
        _path = path;
        _firstLine = firstLine;
    }

    public DiagnosticList Diagnostics => _diagnostics;

    public string Path => _path;

    /// <summary>Sprache counts lines from the start of the statement's text, which may begin past line 1.</summary>
    public SourceLocation At(Position position) => new(_path, _firstLine + position.Line - 1, position.Column);

    public int? Int(Tok token, string what, long largest = int.MaxValue)
    {
        if (TryParse(token.Text, out ulong value) && value <= int.MaxValue)
        {
            return (int)value;
        }
        _diagnostics.Report(DiagnosticCatalog.RlNumberTooLarge, At(token.At), what, token.Text, largest.ToString(CultureInfo.InvariantCulture));
        return null;
    }

    public uint? UInt(Tok token, string what)
    {
        if (TryParse(token.Text, out ulong value) && value <= uint.MaxValue)
        {
            return (uint)value;
        }
        _diagnostics.Report(DiagnosticCatalog.RlNumberTooLarge, At(token.At), what, token.Text, "0xffffffff");
        return null;
    }

    /// <summary>A port-span token, "80" or "8000-8010".</summary>
    public PortSpan? Span(Tok token)
    {
        int dash = token.Text.IndexOf('-');
        var low = token with { Text = dash < 0 ? token.Text : token.Text.Substring(0, dash) };
        var high = dash < 0 ? low : token with { Text = token.Text.Substring(dash + 1) };
        int? l = Int(low, "port", PortSpan.MaxPort);
        int? h = dash < 0 ? l : Int(high, "port", PortSpan.MaxPort);
        return l is { } a && h is { } b ? new PortSpan(a, b) : null;
    }

    /// <summary>A span token of seconds, "10" or "10-20", each up to 0xffffffff (the checker refuses a backward range).</summary>
    public (uint Min, uint Max)? SecondsRange(Tok token)
    {
        int dash = token.Text.IndexOf('-');
        var low = token with { Text = dash < 0 ? token.Text : token.Text.Substring(0, dash) };
        uint? l = UInt(low, "seconds");
        uint? h = dash < 0 ? l : UInt(token with { Text = token.Text.Substring(dash + 1) }, "seconds");
        return l is { } a && h is { } b ? (a, b) : null;
    }

    /// <summary>digits [. digits]: always a double, perhaps a huge one, which the checker then refuses.</summary>
    public double Decimal(Tok token) => double.Parse(token.Text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

    private static bool TryParse(string text, out ulong value)
    {
        if (text.Length > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))
        {
            return ulong.TryParse(text.Substring(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        }
        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
