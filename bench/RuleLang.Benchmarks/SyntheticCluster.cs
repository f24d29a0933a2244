using System.Collections.Generic;
using System.Globalization;
using RuleLang.Model;
using RuleLang.Model.Intents;
using RuleLang.Model.Netfilter;

namespace RuleLang.Benchmarks;

/// <summary>A generated cluster: services × endpoints, addresses derived from the index so every run is the same.</summary>
public static class SyntheticCluster
{
    public static Policy Create(int services, int endpointsPerService)
    {
        var intents = new List<Intent>(services);
        var at = new SourceLocation("synthetic.cs", 1, 1);
        for (int s = 0; s < services; s++)
        {
            var endpoints = new ServiceEndpoint[endpointsPerService];
            for (int e = 0; e < endpointsPerService; e++)
            {
                int pod = (s * endpointsPerService) + e;
                endpoints[e] = new ServiceEndpoint($"10.{64 + (pod >> 16)}.{(pod >> 8) & 255}.{pod & 255}", 8080);
            }
            string name = "svc-" + s.ToString(CultureInfo.InvariantCulture);
            intents.Add(new ServiceIntent("bench", name, "http", Protocol.Tcp,
                $"10.96.{s >> 8}.{s & 255}", 80, 30000 + (s % 2768), endpoints, at));
        }
        return new Policy("synthetic", new Table[0], intents, at) { Cluster = new ClusterSettings(14, "10.64.0.0/10") };
    }
}
