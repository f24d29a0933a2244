namespace RuleLang.Model.Matches;

/// <summary>-m comment --comment: text for people, no effect on packets.</summary>
public sealed record CommentMatch(string Text) : Match;
