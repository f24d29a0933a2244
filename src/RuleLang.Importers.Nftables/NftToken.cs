namespace RuleLang.Importers.Nftables;

/// <summary>One word of an nft line: its text (without quotes), its 1-based column, and whether it was quoted.</summary>
internal readonly record struct NftToken(string Text, int Column, bool Quoted)
{
    /// <summary>True for an unquoted token with exactly this text (a quoted "accept" is a string, not the keyword).</summary>
    public bool Is(string word) => !Quoted && Text == word;
}
