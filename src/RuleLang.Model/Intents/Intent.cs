namespace RuleLang.Model.Intents;

/// <summary>Something the user wants that takes several plain rules, possibly in several tables, to say.</summary>
public abstract record Intent(SourceLocation Location);
