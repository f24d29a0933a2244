using System;
using System.Buffers;
using System.Text.Unicode;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;

namespace RuleLang.Cli;

/// <summary>
/// Decodes an input file (a dump or a .rl file) as strict UTF-8. File.ReadAllText would turn a byte that is not
/// UTF-8 into U+FFFD without a word, and that character would then reach a comment in the emitted ruleset; here
/// the first such byte is a diagnostic at its line, column and byte offset instead. A UTF-8 byte order mark at
/// the start is skipped, as File.ReadAllText skips it; other encodings' marks are bytes that are not UTF-8.
/// </summary>
public static class Utf8Input
{
    private static readonly byte[] ByteOrderMark = { 0xEF, 0xBB, 0xBF };

    /// <returns>False, with the diagnostic (of <paramref name="notUtf8"/>) for the first invalid byte.</returns>
    public static bool TryDecode(byte[] bytes, string path, DiagnosticDescriptor notUtf8, out string text, out PolicyDiagnostic? problem)
    {
        int start = bytes.AsSpan().StartsWith(ByteOrderMark) ? ByteOrderMark.Length : 0;
        // UTF-8 never takes fewer bytes than UTF-16 takes chars, so the buffer is large enough.
        var chars = new char[bytes.Length - start];
        var status = Utf8.ToUtf16(bytes.AsSpan(start), chars, out int read, out int written, replaceInvalidSequences: false);
        if (status == OperationStatus.Done)
        {
            text = new string(chars, 0, written);
            problem = null;
            return true;
        }
        // Everything before the bad byte decoded, so its line and column are counted in the text read so far.
        var before = chars.AsSpan(0, written);
        int line = 1 + before.Count('\n');
        int column = written - before.LastIndexOf('\n');
        int offset = start + read;
        problem = PolicyDiagnostic.Create(notUtf8, new SourceLocation(path, line, column),
            bytes[offset].ToString("X2", System.Globalization.CultureInfo.InvariantCulture), offset);
        text = "";
        return false;
    }
}
