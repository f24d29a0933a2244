using RuleLang.Model;

namespace RuleLang.Cli;

/// <summary>A policy built from a class in a user's assembly; TypeName says where it came from in messages.</summary>
public sealed record LoadedPolicy(string TypeName, Policy Policy);
