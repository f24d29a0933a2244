using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;

namespace RuleLang.Compiler.Files;

/// <summary>
/// Writes the files of one run as a set: every file goes to a temporary file beside its target and is synced to
/// disk; only when all of them are written are they renamed over their targets. A failure before the renames
/// (a full disk, a read-only folder, a target that is a folder) removes the temporary files and leaves every old
/// file as it was, and is reported as RL0704.
/// </summary>
/// <remarks>
/// The renames themselves are N calls, not one: a run killed between two of them leaves some files new and some
/// old. That window is a few system calls long, and a rename needs no free space, so only a kill (or power loss)
/// can land in it; running the command again completes the set. Temporary files are named
/// <c>.NAME.RANDOM.rulelang-tmp</c> and held locked while the run lives, so the next run in the folder removes
/// those a killed run left, and never those of a run still writing.
/// </remarks>
public static class OutputFileSet
{
    public const string TempSuffix = ".rulelang-tmp";

    /// <summary>
    /// For tests only: the path of a file to create once every temporary file is written, after which the run
    /// waits to be killed, so a test can kill it at exactly that point on a machine of any speed.
    /// </summary>
    public const string HoldBeforeRenameVariable = "RULELANG_TEST_HOLD_BEFORE_RENAME";

    /// <exception cref="FileDiagnosticException">RL0704 when the set could not be written; no target was changed.</exception>
    public static void Write(IReadOnlyList<OutputFile> files)
    {
        if (files.Count == 0)
        {
            return;
        }
        foreach (string folder in files.Select(f => Folder(f.Path)).Distinct(StringComparer.Ordinal))
        {
            Prepare(folder);
        }
        foreach (var file in files)
        {
            if (Directory.Exists(file.Path))
            {
                throw Failure(file.Path, "it is a folder");
            }
        }
        var temps = new List<(FileStream Stream, string Target)>();
        try
        {
            foreach (var file in files)
            {
                string temp = Path.Combine(Folder(file.Path), "." + Path.GetFileName(file.Path) + "." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)) + TempSuffix);
                var stream = Attempt(file.Path, () => new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1));
                temps.Add((stream, file.Path));
                Attempt(file.Path, () =>
                {
                    stream.Write(file.Content);
                    stream.Flush(flushToDisk: true);
                    return 0;
                });
            }
            HoldForTests();
            foreach (var (stream, target) in temps)
            {
                Attempt(target, () =>
                {
                    File.Move(stream.Name, target, overwrite: true);
                    return 0;
                });
            }
        }
        finally
        {
            foreach (var (stream, _) in temps)
            {
                stream.Dispose();
                TryDelete(stream.Name);
            }
        }
    }

    /// <summary>Creates the folder, and removes temporary files that a killed run left in it.</summary>
    private static void Prepare(string folder)
    {
        if (File.Exists(folder))
        {
            throw Failure(folder, "it is a file, not a folder");
        }
        Attempt(folder, () => Directory.CreateDirectory(folder));
        RemoveStaleTemps(folder);
    }

    /// <summary>Removes the temporary files that killed runs left in the folder (not those of a run still writing).</summary>
    public static void RemoveStaleTemps(string folder)
    {
        foreach (string temp in Attempt(folder, () => Directory.GetFiles(folder, "." + "*" + TempSuffix)))
        {
            if (IsRegularFile(temp) && !IsUnlocked(temp))
            {
                continue; // another run is writing it
            }
            TryDelete(temp);
        }
    }

    /// <summary>Only a regular file is opened to test its lock: a FIFO named like a temporary file would block the open.</summary>
    private static bool IsRegularFile(string path)
    {
        try
        {
            return UnixFileStatus.Of(path, followLinks: false) is { Kind: UnixFileKind.RegularFile };
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>A temporary file no live run holds: .NET's FileShare.None is an flock, released when its process dies.</summary>
    private static bool IsUnlocked(string temp)
    {
        try
        {
            using var probe = new FileStream(temp, FileMode.Open, FileAccess.ReadWrite, FileShare.None, bufferSize: 1);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static void HoldForTests()
    {
        if (Environment.GetEnvironmentVariable(HoldBeforeRenameVariable) is { Length: > 0 } marker)
        {
            File.WriteAllText(marker, "");
            Thread.Sleep(Timeout.Infinite);
        }
    }

    private static T Attempt<T>(string path, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Failure(path, Reason(ex));
        }
    }

    /// <summary>The system's reason without the temporary file's name, which is gone by the time anyone reads it.</summary>
    private static string Reason(Exception ex) => ex switch
    {
        UnauthorizedAccessException => "permission denied (the folder is read-only or not writable by this user)",
        FileNotFoundException or DirectoryNotFoundException => "no file can be created in that folder",
        _ when (ex.HResult & 0xFFFF) == 28 => "no space left on the device",
        _ when (ex.HResult & 0xFFFF) == 30 => "the file system is read-only",
        _ => ex.Message,
    };

    private static FileDiagnosticException Failure(string path, string reason) =>
        new(PolicyDiagnostic.Create(DiagnosticCatalog.OutputNotWritten, new SourceLocation(path, 0, 0), path, reason));

    private static string Folder(string path) => Path.GetDirectoryName(Path.GetFullPath(path)) ?? "/";

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Nothing more to do: the next run in this folder removes it.
        }
    }
}
