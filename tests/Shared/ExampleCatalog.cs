using System.Collections.Generic;
using System.IO;
using RuleLang.Examples.ClusterNode;
using RuleLang.Examples.Gateway;
using RuleLang.Examples.WebServer;

namespace RuleLang.Testing;

/// <summary>The example policies with the folder whose rulesets/ holds their committed output.</summary>
public static class ExampleCatalog
{
    public sealed record Example(string Folder, PolicyDefinition Definition)
    {
        public string RulesetsPath => Path.Combine(RepoPaths.Examples, Folder, "rulesets");

        public override string ToString() => Folder;
    }

    public static IEnumerable<Example> All()
    {
        yield return new Example("WebServer", new WebServerPolicy());
        yield return new Example("Gateway", new GatewayPolicy());
        yield return new Example("ClusterNode", new ClusterNodePolicy());
    }
}
