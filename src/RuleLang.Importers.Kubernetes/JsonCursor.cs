using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace RuleLang.Importers.Kubernetes;

/// <summary>
/// A JSON value with its path, and typed reads that report a wrong type or a missing required field (RL0502)
/// at its line and column instead of throwing. A field that is absent or null reads as its default, as the
/// Kubernetes API treats an omitted optional field.
/// </summary>
internal readonly struct JsonCursor
{
    private readonly JsonElement _element;
    private readonly ImportReporter _reporter;

    public JsonCursor(JsonElement element, string path, ImportReporter reporter)
    {
        _element = element;
        Path = path;
        _reporter = reporter;
    }

    public string Path { get; }

    public JsonValueKind Kind => _element.ValueKind;

    public bool IsObject => _element.ValueKind == JsonValueKind.Object;

    /// <summary>The member, or null when absent or JSON null.</summary>
    public JsonCursor? Member(string name)
    {
        if (_element.ValueKind != JsonValueKind.Object || !_element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return new JsonCursor(value, JsonPositions.Join(Path, name), _reporter);
    }

    /// <summary>An object member; absent gives null, another type is reported and gives null.</summary>
    public JsonCursor? Object(string name, bool required = false)
    {
        var member = Member(name);
        if (member is null)
        {
            if (required)
            {
                _reporter.BadField(JsonPositions.Join(Path, name), "is missing", "an object is required here");
            }
            return null;
        }
        if (member.Value.Kind != JsonValueKind.Object)
        {
            _reporter.BadField(member.Value.Path, $"is {Describe(member.Value.Kind)}", "an object is expected");
            return null;
        }
        return member;
    }

    /// <summary>The elements of an array member (none when absent); another type is reported.</summary>
    public IEnumerable<JsonCursor> Array(string name)
    {
        var member = Member(name);
        if (member is null)
        {
            yield break;
        }
        if (member.Value.Kind != JsonValueKind.Array)
        {
            _reporter.BadField(member.Value.Path, $"is {Describe(member.Value.Kind)}", "an array is expected");
            yield break;
        }
        int index = 0;
        foreach (var item in member.Value._element.EnumerateArray())
        {
            yield return new JsonCursor(item, member.Value.Path + "[" + index.ToString(CultureInfo.InvariantCulture) + "]", _reporter);
            index++;
        }
    }

    public string? String(string name, bool required = false)
    {
        var member = Member(name);
        if (member is null)
        {
            if (required)
            {
                _reporter.BadField(JsonPositions.Join(Path, name), "is missing", "a string is required here");
            }
            return null;
        }
        return member.Value.AsString();
    }

    /// <summary>This value as a string; another type is reported and gives null.</summary>
    public string? AsString()
    {
        if (_element.ValueKind != JsonValueKind.String)
        {
            _reporter.BadField(Path, $"is {Describe(_element.ValueKind)}", "a string is expected");
            return null;
        }
        return _element.GetString();
    }

    /// <summary>An array of strings (empty when absent); entries of another type are reported and left out.</summary>
    public IReadOnlyList<(string Value, string Path)> Strings(string name)
    {
        var values = new List<(string, string)>();
        foreach (var item in Array(name))
        {
            if (item.AsString() is { } text)
            {
                values.Add((text, item.Path));
            }
        }
        return values;
    }

    /// <summary>An integer member within [min, max]; absent gives null (reported when required).</summary>
    public long? Integer(string name, long min, long max, string expected, bool required = false)
    {
        var member = Member(name);
        if (member is null)
        {
            if (required)
            {
                _reporter.BadField(JsonPositions.Join(Path, name), "is missing", expected);
            }
            return null;
        }
        var value = member.Value._element;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out long number))
        {
            string found = value.ValueKind == JsonValueKind.Number ? $"is {value.GetRawText()}, not an integer" : $"is {Describe(value.ValueKind)}";
            _reporter.BadField(member.Value.Path, found, expected);
            return null;
        }
        if (number < min || number > max)
        {
            _reporter.BadField(member.Value.Path, $"is {number.ToString(CultureInfo.InvariantCulture)}, out of range", expected);
            return null;
        }
        return number;
    }

    /// <summary>A boolean member; absent gives null.</summary>
    public bool? Boolean(string name)
    {
        var member = Member(name);
        if (member is null)
        {
            return null;
        }
        var kind = member.Value.Kind;
        if (kind is not (JsonValueKind.True or JsonValueKind.False))
        {
            _reporter.BadField(member.Value.Path, $"is {Describe(kind)}", "true or false is expected");
            return null;
        }
        return kind == JsonValueKind.True;
    }

    /// <summary>A string member that must be one of <paramref name="allowed"/> (case as the API spells it); absent gives null.</summary>
    public string? OneOf(string name, params string[] allowed)
    {
        var member = Member(name);
        if (member?.AsString() is not { } text)
        {
            return null;
        }
        foreach (string candidate in allowed)
        {
            if (candidate == text)
            {
                return text;
            }
        }
        _reporter.BadField(member.Value.Path, $"is '{Printable(text)}'", "one of " + string.Join(", ", allowed) + " is expected");
        return null;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "missing",
    };

    /// <summary>Text quoted in a message, kept to one short line.</summary>
    public static string Printable(string text)
    {
        var clean = new System.Text.StringBuilder();
        foreach (char c in text)
        {
            clean.Append(char.IsControl(c) ? '?' : c);
            if (clean.Length >= 60)
            {
                clean.Append('…');
                break;
            }
        }
        return clean.ToString();
    }
}
