using System.Collections.Generic;
using System.IO;

namespace RuleLang.Live;

/// <summary>A pending apply taken by one party: its rollback steps and target. Dispose removes it from disk.</summary>
public sealed record PendingClaim(string Folder, LiveTarget Target, IReadOnlyList<LiveStep> Rollback) : System.IDisposable
{
    public void Dispose()
    {
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}
