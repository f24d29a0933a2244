using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;

namespace RuleLang.Live;

/// <summary>
/// Pending confirmations on disk, so that a rollback survives the CLI being killed or the SSH session dropping.
/// Under the state root (/run/rulelang, root-only; tmpfs, so nothing pending outlives a reboot):
/// `pending/KEY/` holds the rollback steps, the target and the deadline of the one pending apply of a target;
/// `outcome/KEY` says how the last one ended. Who decides, the confirmation or the timer, is settled by one
/// atomic rename of `pending/KEY` (Claim): exactly one of them succeeds, the other finds nothing to claim.
/// </summary>
public sealed class PendingStore
{
    /// <summary>Overrides the state root (tests; hosts without /run).</summary>
    public const string RootVariable = "RULELANG_STATE_DIR";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public PendingStore(string root) => Root = root;

    public string Root { get; }

    public static string DefaultRoot =>
        Environment.GetEnvironmentVariable(RootVariable) is { Length: > 0 } root ? root : "/run/rulelang";

    public string PendingPath(LiveTarget target) => Path.Combine(Root, "pending", target.StateKey);

    public string OutcomePath(LiveTarget target) => Path.Combine(Root, "outcome", target.StateKey);

    /// <summary>Records a pending apply: written aside, then renamed into place, so a timer never reads half of it.</summary>
    /// <exception cref="PendingExistsException">The target already has a pending apply.</exception>
    public void Create(LiveTarget target, IReadOnlyList<LiveStep> rollback, DateTimeOffset deadline)
    {
        string staging = Path.Combine(Folder("staging"), target.StateKey + "." + Guid.NewGuid().ToString("N"));
        CreateOwnerOnly(staging);
        try
        {
            File.WriteAllText(Path.Combine(staging, "rollback.json"), JsonSerializer.Serialize(rollback));
            File.WriteAllText(Path.Combine(staging, "target"), target.Netns ?? "");
            File.WriteAllText(Path.Combine(staging, "deadline"), deadline.ToString("o", CultureInfo.InvariantCulture));
            string pending = PendingPath(target);
            Folder("pending");
            if (Directory.Exists(pending))
            {
                throw new PendingExistsException(target, ReadDeadline(target));
            }
            // rename(2) onto an existing non-empty folder fails, so two applies racing here cannot both win.
            Directory.Move(staging, pending);
            Folder("outcome");
            File.Delete(OutcomePath(target));
        }
        catch (IOException) when (Directory.Exists(PendingPath(target)) && Directory.Exists(staging))
        {
            throw new PendingExistsException(target, ReadDeadline(target));
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    public bool IsPending(LiveTarget target) => Directory.Exists(PendingPath(target));

    public DateTimeOffset? ReadDeadline(LiveTarget target)
    {
        try
        {
            return DateTimeOffset.Parse(File.ReadAllText(Path.Combine(PendingPath(target), "deadline")), CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <returns>False when the apply is no longer pending (claimed by its timer or a confirmation).</returns>
    public bool SetDeadline(LiveTarget target, DateTimeOffset deadline)
    {
        string folder = PendingPath(target);
        string temp = Path.Combine(folder, ".deadline." + Guid.NewGuid().ToString("N"));
        try
        {
            File.WriteAllText(temp, deadline.ToString("o", CultureInfo.InvariantCulture));
            File.Move(temp, Path.Combine(folder, "deadline"), overwrite: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Takes the pending apply for whoever asks first (the atomic rename); null when there is none left.</summary>
    public PendingClaim? Claim(LiveTarget target)
    {
        string claimed = Path.Combine(Folder("claimed"), target.StateKey + "." + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.Move(PendingPath(target), claimed);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        var steps = JsonSerializer.Deserialize<List<LiveStep>>(File.ReadAllText(Path.Combine(claimed, "rollback.json"))) ?? new List<LiveStep>();
        string netns = File.ReadAllText(Path.Combine(claimed, "target"));
        return new PendingClaim(claimed, new LiveTarget(netns.Length == 0 ? null : netns), steps);
    }

    /// <summary>Records how the pending apply ended ("confirmed …", "rolled-back …", "rollback-failed …"), atomically.</summary>
    public void WriteOutcome(LiveTarget target, string outcome)
    {
        string folder = Folder("outcome");
        string temp = Path.Combine(folder, "." + target.StateKey + "." + Guid.NewGuid().ToString("N"));
        File.WriteAllText(temp, outcome.EndsWith('\n') ? outcome : outcome + "\n");
        File.Move(temp, OutcomePath(target), overwrite: true);
    }

    public string? ReadOutcome(LiveTarget target) => File.Exists(OutcomePath(target)) ? File.ReadAllText(OutcomePath(target)) : null;

    private string Folder(string name)
    {
        CreateOwnerOnly(Root);
        string path = Path.Combine(Root, name);
        CreateOwnerOnly(path);
        return path;
    }

    /// <summary>A folder only root can read: the snapshots in it are the host's whole firewall.</summary>
    private static void CreateOwnerOnly(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }
        Directory.CreateDirectory(path, OwnerOnly);
        // CreateDirectory leaves an existing folder's mode as it was.
        File.SetUnixFileMode(path, OwnerOnly);
    }
}
