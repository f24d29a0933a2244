using System;
using System.Collections.Generic;
using System.Globalization;
using RuleLang.Model;
using RuleLang.Model.Intents;
using RuleLang.Model.Netfilter;

namespace RuleLang.Benchmarks;

/// <summary>
/// A generated cluster: services × endpoints × ports, every service a ClusterIP service and about a fifth of them
/// NodePort services too. Addresses follow from the service's index (cluster IPs from 10.96.0.1, pods from
/// 10.64.0.0/10); the seed picks namespaces, which services get a NodePort and which NodePort, so one seed gives
/// the same cluster, byte for byte, on every run and every machine (<see cref="Random(int)"/> with a seed is a
/// fixed sequence).
/// </summary>
public static class SyntheticCluster
{
    public const int DefaultSeed = 8;

    /// <summary>The cluster CIDR: every endpoint (pod) address is inside it, so a client outside it is masqueraded.</summary>
    public const string PodCidr = "10.64.0.0/10";

    /// <summary>The port the endpoints of a service's k-th port listen on.</summary>
    public static int TargetPort(int portIndex) => 8080 + portIndex;

    /// <summary>The k-th port of every service: 80 for the first, then 8001, 8002, …</summary>
    public static int ServicePort(int portIndex) => portIndex == 0 ? 80 : 8000 + portIndex;

    // kube-proxy's default NodePort range holds only 2,768 ports; a cluster of tens of thousands of services runs
    // with a wider --service-node-port-range, and so does this one, so that NodePorts never repeat (nft's verdict
    // maps take one verdict per key and refuse a repeated one).
    private const int NodePortFirst = 30000;
    private const int NodePortLast = 65535;
    private const double NodePortShare = 0.2;
    private const int Namespaces = 40;

    public static Policy Create(int services, int endpointsPerService, int portsPerService = 1, int seed = DefaultSeed)
    {
        if (services < 1 || services > 1 << 20 || endpointsPerService < 1 || portsPerService < 1 || portsPerService > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(services), "1 to 1,048,576 services, at least one endpoint, 1 to 100 ports");
        }
        if ((long)services * endpointsPerService > 1 << 22)
        {
            throw new ArgumentOutOfRangeException(nameof(endpointsPerService), "more endpoints than 10.64.0.0/10 holds");
        }
        var random = new Random(seed);
        var nodePorts = ShuffledNodePorts(random);
        int nextNodePort = 0;
        var intents = new List<Intent>(services * portsPerService);
        var at = new SourceLocation("synthetic.cs", 1, 1);
        for (int s = 0; s < services; s++)
        {
            string ns = "ns-" + random.Next(Namespaces).ToString(CultureInfo.InvariantCulture);
            bool isNodePort = random.NextDouble() < NodePortShare;
            string name = "svc-" + s.ToString(CultureInfo.InvariantCulture);
            string clusterIp = Address(96 << 16, s + 1);
            for (int k = 0; k < portsPerService; k++)
            {
                var endpoints = new ServiceEndpoint[endpointsPerService];
                for (int e = 0; e < endpointsPerService; e++)
                {
                    endpoints[e] = new ServiceEndpoint(EndpointAddress(s, e, endpointsPerService), TargetPort(k));
                }
                int? nodePort = null;
                if (isNodePort)
                {
                    if (nextNodePort == nodePorts.Length)
                    {
                        throw new ArgumentOutOfRangeException(nameof(services), "more NodePorts than 30000-65535 holds: fewer services or ports");
                    }
                    nodePort = nodePorts[nextNodePort++];
                }
                string portName = k == 0 ? "http" : "p" + k.ToString(CultureInfo.InvariantCulture);
                intents.Add(new ServiceIntent(ns, name, portName, Protocol.Tcp, clusterIp, ServicePort(k), nodePort, endpoints, at));
            }
        }
        return new Policy("synthetic", Array.Empty<Table>(), intents, at) { Cluster = new ClusterSettings(14, PodCidr) };
    }

    /// <summary>
    /// The e-th endpoint of service s: pods are numbered service by service, so no two endpoints share an address
    /// (from 10.64.0.1: an address ending in .0 is legal but looks like a network).
    /// </summary>
    public static string EndpointAddress(int service, int endpoint, int endpointsPerService) =>
        Address(64 << 16, (service * endpointsPerService) + endpoint + 1);

    /// <summary>10.0.0.0 + base + offset, written out.</summary>
    private static string Address(int @base, int offset)
    {
        int value = @base + offset;
        return string.Create(CultureInfo.InvariantCulture, $"10.{(value >> 16) & 255}.{(value >> 8) & 255}.{value & 255}");
    }

    private static int[] ShuffledNodePorts(Random random)
    {
        var ports = new int[NodePortLast - NodePortFirst + 1];
        for (int i = 0; i < ports.Length; i++)
        {
            ports[i] = NodePortFirst + i;
        }
        for (int i = ports.Length - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (ports[i], ports[j]) = (ports[j], ports[i]);
        }
        return ports;
    }
}
