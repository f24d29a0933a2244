namespace RuleLang.Cli;

/// <summary>What a file on the command line holds, by its extension or by --from.</summary>
public enum InputKind
{
    Assembly,
    RlFile,
    IptablesDump,
    Ip6tablesDump,
}
