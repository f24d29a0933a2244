using System;
using System.Collections.Generic;
using System.Linq;

namespace RuleLang.Live;

/// <summary>
/// What `nft list table` prints for a script's tables once loaded, found by loading the script in a scratch
/// network namespace of our own (deleted afterwards). nft lists a table in its own form, not the script's, and
/// only nft itself knows that form exactly, so status compares listing with listing.
/// </summary>
public static class NftScratch
{
    public static IReadOnlyDictionary<NftTable, string> Listings(string script, IReadOnlyList<NftTable> tables)
    {
        string name = $"rulelang-scratch-{Environment.ProcessId}-{Guid.NewGuid().ToString("N").Substring(0, 8)}";
        var host = new HostCommandRunner(LiveTarget.Host);
        var added = host.Run("ip", new[] { "netns", "add", name });
        if (!added.Success)
        {
            throw new LiveException("ip netns add " + name, added.Reason());
        }
        try
        {
            var scratch = new HostCommandRunner(new LiveTarget(name));
            var loaded = scratch.Run("nft", new[] { "-f", "-" }, script);
            if (!loaded.Success)
            {
                throw new LiveException("nft -f (the policy's script, in a scratch namespace)", loaded.Reason());
            }
            return tables.ToDictionary(t => t, t =>
            {
                var listed = scratch.Run("nft", new[] { "list", "table", t.Family, t.Name });
                // A table the script declares and deletes without loading (a family without services) is absent.
                return listed.Success ? listed.StdOut : "";
            });
        }
        finally
        {
            host.Run("ip", new[] { "netns", "delete", name });
        }
    }
}
