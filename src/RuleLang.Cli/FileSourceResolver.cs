using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using RuleLang.Compiler.Files;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;
using RuleLang.Text;

namespace RuleLang.Cli;

/// <summary>
/// Reads .rl includes from the file system, relative to the including file's folder, and only from the folders a
/// run may read: the folder tree of the .rl file named on the command line, and those allowed with --include-dir.
/// A policy under review can otherwise name /etc/shadow or /proc/self/environ and have the diagnostics quote it
/// into a CI log. Paths are compared after every symbolic link is resolved, so a link cannot lead out; only
/// regular files of at most <see cref="BoundedFile.IncludeLimit"/> bytes are read.
/// </summary>
public sealed class FileSourceResolver : IRlSourceResolver
{
    private readonly IReadOnlyList<string> _allowed;

    /// <param name="allowedFolders">The folders whose trees includes may read; those that do not exist allow nothing.</param>
    public FileSourceResolver(IEnumerable<string> allowedFolders)
    {
        _allowed = allowedFolders
            .Select(folder => UnixFileStatus.RealPath(Path.GetFullPath(folder)))
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToArray();
    }

    public string Resolve(string fromFile, string includePath)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(fromFile)) ?? ".";
        string resolved = Path.GetFullPath(Path.Combine(folder, includePath));
        // A missing file is RL0410's to report; one that exists must lie inside the allowed trees once its links are followed.
        if (UnixFileStatus.RealPath(resolved) is { } real && !_allowed.Any(root => IsInside(real, root)))
        {
            string roots = _allowed.Count == 0 ? "none" : string.Join(", ", _allowed);
            throw new RlIncludeRefusedException(PolicyDiagnostic.Create(DiagnosticCatalog.IncludeOutsideAllowedFolders, SourceLocation.None, includePath, resolved, roots));
        }
        return resolved;
    }

    public bool TryRead(string resolvedPath, out string text)
    {
        text = "";
        if (UnixFileStatus.Of(resolvedPath) is null)
        {
            return false;
        }
        if (!BoundedFile.TryRead(resolvedPath, BoundedFile.IncludeLimit, SourceLocation.None, out byte[] bytes, out var refusal))
        {
            throw new RlIncludeRefusedException(refusal!);
        }
        if (!Utf8Input.TryDecode(bytes, resolvedPath, DiagnosticCatalog.RlNotUtf8, out text, out var notUtf8))
        {
            // Reported at its own line in the included file, not at the include.
            throw new RlIncludeRefusedException(notUtf8!);
        }
        return true;
    }

    private static bool IsInside(string path, string root) =>
        path == root || path.StartsWith(root.EndsWith('/') ? root : root + "/", StringComparison.Ordinal);
}
