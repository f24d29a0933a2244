using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace RuleLang.Generators.Models;

/// <summary>A place in a file as plain values, so pipeline models stay equatable; made a Location only when reported.</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);
}
