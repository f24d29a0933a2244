using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Unicode;
using RuleLang.Model.Diagnostics;

namespace RuleLang.Importers.Kubernetes;

/// <summary>
/// Finds the strings and field names of a well-formed document that are not Unicode text (RL0506): raw bytes
/// that are not UTF-8, or a \uD800-style escape that is half of a surrogate pair. JsonDocument accepts both and
/// only throws when such a string is read, so every one is checked before the importer reads any.
/// </summary>
internal static class JsonUnicodeCheck
{
    public static IReadOnlyList<PolicyDiagnostic> Check(byte[] utf8, JsonPositions positions)
    {
        var diagnostics = new List<PolicyDiagnostic>();
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        while (reader.Read())
        {
            if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName))
            {
                continue;
            }
            // The whole file is one span, so a token's bytes are never a sequence.
            string? problem = !Utf8.IsValid(reader.ValueSpan) ? "it holds bytes that are not UTF-8"
                : reader.ValueIsEscaped && !Unescapes(ref reader) ? "an escape in it is half of a UTF-16 surrogate pair (such as \\ud800 alone)"
                : null;
            if (problem != null)
            {
                string what = reader.TokenType == JsonTokenType.PropertyName ? "a field name" : "a string";
                diagnostics.Add(PolicyDiagnostic.Create(DiagnosticCatalog.KubeNotUnicode, positions.AtOffset(reader.TokenStartIndex), what, problem));
            }
        }
        return diagnostics;
    }

    private static bool Unescapes(ref Utf8JsonReader reader)
    {
        try
        {
            reader.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            // GetString's documented refusal of text that is not valid UTF-16 once unescaped.
            return false;
        }
    }
}
