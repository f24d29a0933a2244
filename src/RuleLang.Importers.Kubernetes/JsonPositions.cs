using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using RuleLang.Model;

namespace RuleLang.Importers.Kubernetes;

/// <summary>
/// Where each value of a JSON document starts, by its path (items[3].spec.ports[0].port), and the line and
/// column of a byte offset. JsonDocument keeps no positions, so one pass of Utf8JsonReader records them; a
/// property is located at its name, which is where a reader looks for it.
/// </summary>
internal sealed class JsonPositions
{
    private readonly Dictionary<string, long> _offsets = new(StringComparer.Ordinal);
    private readonly byte[] _utf8;
    private readonly List<int> _lineStarts = new() { 0 };
    private readonly string _file;
    private int _lastLine = -1;
    private long _lastOffset;
    private int _lastColumn;

    private JsonPositions(byte[] utf8, string file)
    {
        _utf8 = utf8;
        _file = file;
        for (int i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                _lineStarts.Add(i + 1);
            }
        }
    }

    /// <summary>Indexes a document that JsonDocument has already parsed (so the reader cannot fail here).</summary>
    public static JsonPositions Index(byte[] utf8, string file)
    {
        var positions = new JsonPositions(utf8, file);
        positions.Record();
        return positions;
    }

    /// <summary>Only the line table, for a document that does not parse.</summary>
    public static JsonPositions LinesOnly(byte[] utf8, string file) => new(utf8, file);

    public SourceLocation Locate(string path)
    {
        // A value that is absent is reported at the nearest enclosing value that is there.
        string probe = path;
        while (true)
        {
            if (_offsets.TryGetValue(probe, out long offset))
            {
                return AtOffset(offset);
            }
            int cut = Math.Max(probe.LastIndexOf('.'), probe.LastIndexOf('['));
            if (cut <= 0)
            {
                return new SourceLocation(_file, 1, 1);
            }
            probe = probe.Substring(0, cut);
        }
    }

    /// <summary>
    /// Line and column (both from 1) of a byte offset; the column counts characters, not bytes. Counting resumes from
    /// the last offset asked for when it is on the same line and not after this one: values are located roughly in
    /// file order, and a document on one line (kubectl's output through `jq -c`) would otherwise be counted from its
    /// start for every value.
    /// </summary>
    public SourceLocation AtOffset(long offset)
    {
        int index = _lineStarts.BinarySearch((int)Math.Min(offset, int.MaxValue));
        int line = index >= 0 ? index : ~index - 1;
        long from = _lineStarts[line];
        int column = 1;
        if (_lastLine == line && _lastOffset <= offset)
        {
            from = _lastOffset;
            column = _lastColumn;
        }
        for (long i = from; i < offset && i < _utf8.Length; i++)
        {
            // UTF-8 continuation bytes (10xxxxxx) belong to the character before them.
            if ((_utf8[i] & 0xC0) != 0x80)
            {
                column++;
            }
        }
        (_lastLine, _lastOffset, _lastColumn) = (line, offset, column);
        return new SourceLocation(_file, line + 1, column);
    }

    /// <summary>The location of a byte position in a line, as JsonException reports it (both from 0).</summary>
    public SourceLocation AtLine(long line, long bytePositionInLine)
    {
        int index = (int)Math.Min(Math.Max(line, 0), _lineStarts.Count - 1);
        return AtOffset(_lineStarts[index] + bytePositionInLine);
    }

    private void Record()
    {
        var reader = new Utf8JsonReader(_utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        // Each open container: its path and, for an array, the index of its next element.
        var containers = new Stack<(string Path, bool IsArray, int Next)>();
        string? pendingProperty = null;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    pendingProperty = Join(containers.Peek().Path, reader.GetString()!);
                    _offsets.TryAdd(pendingProperty, reader.TokenStartIndex);
                    continue;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    containers.Pop();
                    continue;
            }
            string path = ValuePath(containers, pendingProperty, reader.TokenStartIndex);
            pendingProperty = null;
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                containers.Push((path, reader.TokenType == JsonTokenType.StartArray, 0));
            }
        }
    }

    private string ValuePath(Stack<(string Path, bool IsArray, int Next)> containers, string? property, long offset)
    {
        if (property != null)
        {
            return property;
        }
        if (containers.Count == 0)
        {
            _offsets.TryAdd("", offset);
            return "";
        }
        var parent = containers.Pop();
        string path = parent.Path + "[" + parent.Next.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";
        containers.Push((parent.Path, parent.IsArray, parent.Next + 1));
        _offsets.TryAdd(path, offset);
        return path;
    }

    public static string Join(string path, string property)
    {
        // Keys such as kubernetes.io/service-name hold dots, so they are written as ["…"], as JSONPath does.
        bool plain = property.Length > 0;
        foreach (char c in property)
        {
            plain &= char.IsAsciiLetterOrDigit(c) || c is '_' or '-';
        }
        if (!plain)
        {
            return path + "[\"" + property + "\"]";
        }
        return path.Length == 0 ? property : path + "." + property;
    }

    public static string Decode(byte[] utf8) => new UTF8Encoding(false).GetString(utf8);
}
