namespace RuleLang.Model.Intents;

/// <summary>One backend of a load-balanced service.</summary>
public sealed record ServiceEndpoint(string Address, int Port);
