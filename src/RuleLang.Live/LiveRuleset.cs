namespace RuleLang.Live;

/// <summary>One ruleset to put into the kernel: its family, its file name (for messages) and its text.</summary>
public sealed record LiveRuleset(LiveFamily Family, string FileName, string Text)
{
    /// <summary>The tool that loads it and reads it back.</summary>
    public string RestoreTool => Family switch
    {
        LiveFamily.Iptables => "iptables-restore",
        LiveFamily.Ip6tables => "ip6tables-restore",
        _ => "nft",
    };

    public string SaveTool => Family == LiveFamily.Ip6tables ? "ip6tables-save" : Family == LiveFamily.Iptables ? "iptables-save" : "nft";
}
