using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RuleLang.Tests.KubeImport;

/// <summary>Small kubectl-shaped documents for the importer tests, written as objects so each test shows only what it is about.</summary>
internal static class KubeJson
{
    public static JsonObject Service(string ns, string name, string clusterIp, params JsonObject[] ports) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Service",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject
        {
            ["clusterIP"] = clusterIp,
            ["clusterIPs"] = new JsonArray(clusterIp),
            ["ipFamilies"] = new JsonArray(clusterIp.Contains(':') ? "IPv6" : "IPv4"),
            ["ports"] = new JsonArray(ports.Cast<JsonNode>().ToArray()),
            ["type"] = "ClusterIP",
        },
    };

    public static JsonObject Port(string name, int port, string protocol = "TCP", int? nodePort = null, JsonNode? targetPort = null)
    {
        var entry = new JsonObject { ["name"] = name, ["port"] = port, ["protocol"] = protocol, ["targetPort"] = targetPort ?? port };
        if (nodePort is { } n)
        {
            entry["nodePort"] = n;
        }
        return entry;
    }

    public static JsonObject Slice(string ns, string service, string name, string addressType, JsonObject[] ports, params JsonObject[] endpoints) => new()
    {
        ["addressType"] = addressType,
        ["apiVersion"] = "discovery.k8s.io/v1",
        ["endpoints"] = new JsonArray(endpoints.Cast<JsonNode>().ToArray()),
        ["kind"] = "EndpointSlice",
        ["metadata"] = new JsonObject
        {
            ["labels"] = new JsonObject { ["kubernetes.io/service-name"] = service },
            ["name"] = name,
            ["namespace"] = ns,
        },
        ["ports"] = new JsonArray(ports.Cast<JsonNode>().ToArray()),
    };

    public static JsonObject SlicePort(string name, int port, string protocol = "TCP") => new() { ["name"] = name, ["port"] = port, ["protocol"] = protocol };

    public static JsonObject Endpoint(string address, string? node = null, bool? ready = null, bool? serving = null, bool? terminating = null)
    {
        var conditions = new JsonObject();
        if (ready is { } r)
        {
            conditions["ready"] = r;
        }
        if (serving is { } s)
        {
            conditions["serving"] = s;
        }
        if (terminating is { } t)
        {
            conditions["terminating"] = t;
        }
        var endpoint = new JsonObject { ["addresses"] = new JsonArray(address), ["conditions"] = conditions };
        if (node != null)
        {
            endpoint["nodeName"] = node;
        }
        return endpoint;
    }

    public static string List(params JsonObject[] items) => new JsonObject
    {
        ["apiVersion"] = "v1",
        ["items"] = new JsonArray(items.Cast<JsonNode>().ToArray()),
        ["kind"] = "List",
        ["metadata"] = new JsonObject { ["resourceVersion"] = "" },
    }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
}
