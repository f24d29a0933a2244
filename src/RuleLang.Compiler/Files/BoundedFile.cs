using System;
using System.Globalization;
using System.IO;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;

namespace RuleLang.Compiler.Files;

/// <summary>
/// Reads a file that anyone may have put in place of the one expected: only a regular file (never a FIFO, which
/// would block forever, nor a device such as /dev/zero, which never ends), only up to a size limit checked
/// before reading, and read through a bounded loop as well, because /proc files report a size of 0.
/// Symbolic links are followed; where a path may lead is the caller's to check .
/// </summary>
/// <remarks>
/// The type is checked before the file is opened, so a file swapped for a FIFO between the two calls could still
/// block the open; that takes someone who can already write into the folder while the tool runs.
/// </remarks>
public static class BoundedFile
{
    /// <summary>An included .rl file: policy source is small; anything larger is not what an include means.</summary>
    public const long IncludeLimit = 4L * 1024 * 1024;

    /// <summary>Dumps, kubectl JSON and emitted rulesets: a large cluster's are tens of megabytes.</summary>
    public const long InputLimit = 1024L * 1024 * 1024;

    /// <summary>The file's bytes, or a diagnostic at <paramref name="at"/> (the file itself when not given) saying why not.</summary>
    public static byte[] Read(string path, long limit, SourceLocation? at = null)
    {
        return TryRead(path, limit, at, out byte[] bytes, out var refusal) ? bytes : throw new FileDiagnosticException(refusal!);
    }

    public static bool TryRead(string path, long limit, SourceLocation? at, out byte[] bytes, out PolicyDiagnostic? refusal)
    {
        bytes = Array.Empty<byte>();
        var where = at ?? new SourceLocation(path, 0, 0);
        try
        {
            if (Refusal(path, limit, where) is { } refused)
            {
                refusal = refused;
                return false;
            }
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
            var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > limit)
                {
                    refusal = TooLarge(path, limit, where);
                    return false;
                }
            }
            bytes = buffer.ToArray();
            refusal = null;
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            refusal = PolicyDiagnostic.Create(DiagnosticCatalog.FileNotReadable, where, path, ex.Message);
            return false;
        }
    }

    /// <summary>At most the first <paramref name="count"/> bytes of a regular file, or null when it is anything else.</summary>
    public static byte[]? Head(string path, int count)
    {
        try
        {
            if (UnixFileStatus.Of(path) is not { Kind: UnixFileKind.RegularFile })
            {
                return null;
            }
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
            var head = new byte[count];
            int total = 0;
            int read;
            while (total < count && (read = stream.Read(head, total, count - total)) > 0)
            {
                total += read;
            }
            return head.AsSpan(0, total).ToArray();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Why the file at <paramref name="path"/> is not to be read, from its type and size alone; null when it may be.</summary>
    public static PolicyDiagnostic? Refusal(string path, long limit, SourceLocation where)
    {
        UnixFileStatus? found;
        try
        {
            found = UnixFileStatus.Of(path);
        }
        catch (IOException ex)
        {
            return PolicyDiagnostic.Create(DiagnosticCatalog.FileNotReadable, where, path, ex.Message);
        }
        if (found is not { } status)
        {
            return PolicyDiagnostic.Create(DiagnosticCatalog.FileNotReadable, where, path, "there is no such file");
        }
        if (status.Kind != UnixFileKind.RegularFile)
        {
            return PolicyDiagnostic.Create(DiagnosticCatalog.NotARegularFile, where, path, UnixFileStatus.Describe(status.Kind));
        }
        return status.Size > limit ? TooLarge(path, limit, where) : null;
    }

    private static PolicyDiagnostic TooLarge(string path, long limit, SourceLocation where) =>
        PolicyDiagnostic.Create(DiagnosticCatalog.FileTooLarge, where, path, Megabytes(limit));

    private static string Megabytes(long bytes) => (bytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture) + " MB";
}
