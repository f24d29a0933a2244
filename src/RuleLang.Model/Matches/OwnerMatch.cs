using RuleLang.Model.Values;

namespace RuleLang.Model.Matches;

/// <summary>
/// <c>-m owner [!] --socket-exists [!] --uid-owner N[-M] [!] --gid-owner N[-M]</c>: tests the local socket a packet
/// was sent from. The tests are one match, as xt_owner keeps them and iptables-save prints them (socket, uid, gid):
/// a packet without a socket (forwarded, or sent by the kernel itself) matches exactly when every test given is
/// negated. The kernel takes the match only where a packet can have a local socket: OUTPUT and POSTROUTING.
/// </summary>
public sealed record OwnerMatch(OwnerIds? Uid = null, OwnerIds? Gid = null, bool? SocketExists = null) : Match
{
    /// <summary>True when no test is given: iptables refuses <c>-m owner</c> alone.</summary>
    public bool IsEmpty => Uid is null && Gid is null && SocketExists is null;

    /// <summary>True when every test given is negated: then a packet without a socket matches.</summary>
    public bool MatchesWithoutSocket => !IsEmpty && Uid is not { Negated: false } && Gid is not { Negated: false } && SocketExists != true;

    /// <summary>The options as iptables-save prints them, in libxt_owner's order: socket, uid, gid.</summary>
    public string IptablesOptions
    {
        get
        {
            var text = new System.Text.StringBuilder();
            if (SocketExists is { } exists)
            {
                text.Append(exists ? " --socket-exists" : " ! --socket-exists");
            }
            Append(text, " --uid-owner ", Uid);
            Append(text, " --gid-owner ", Gid);
            return text.ToString();
        }
    }

    private static void Append(System.Text.StringBuilder text, string option, OwnerIds? ids)
    {
        if (ids is { } i)
        {
            text.Append(i.Negated ? " !" : "").Append(option).Append(i.ToString());
        }
    }
}
