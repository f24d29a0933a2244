using System.Collections.Generic;
using System.Text.Json;
using RuleLang.Model.Diagnostics;

namespace RuleLang.Importers.Kubernetes;

/// <summary>
/// Walks the document: a List's items (or a single Service or EndpointSlice), each checked for its kind,
/// apiVersion and metadata, then handed to the reader of its kind. Other kinds are noted and left out, so that
/// `kubectl get all -A -o json` can be fed as it is.
/// </summary>
internal sealed class ItemReader
{
    private readonly ImportReporter _reporter;
    private readonly ServiceReader _services;
    private readonly EndpointSliceReader _slices;

    public ItemReader(ImportReporter reporter)
    {
        _reporter = reporter;
        _services = new ServiceReader(reporter);
        _slices = new EndpointSliceReader(reporter);
    }

    public KubeItems Read(JsonCursor root)
    {
        var services = new List<KubeService>();
        var slices = new List<KubeEndpointSlice>();
        var skipped = new HashSet<(string, string)>();
        if (!root.IsObject)
        {
            _reporter.BadField("", "is not a JSON object", "the output of kubectl get services,endpointslices -A -o json, a List object, is expected");
            return new KubeItems(services, slices, skipped);
        }
        IEnumerable<JsonCursor> items;
        if (root.Member("items") is not null)
        {
            items = root.Array("items");
        }
        else if (root.String("kind") is "Service" or "EndpointSlice")
        {
            items = new[] { root };
        }
        else
        {
            _reporter.BadField("items", "is missing", "a List with items (kubectl get services,endpointslices -A -o json) is expected");
            return new KubeItems(services, slices, skipped);
        }
        foreach (var item in items)
        {
            if (!item.IsObject)
            {
                _reporter.BadField(item.Path, "is not an object", "each item is a Kubernetes object with kind, apiVersion and metadata");
                continue;
            }
            string? kind = item.String("kind", required: true);
            if (kind is not ("Service" or "EndpointSlice"))
            {
                if (kind != null)
                {
                    _reporter.Report(DiagnosticCatalog.KubeIgnored, JsonPositions.Join(item.Path, "kind"), $"{ReporterKind(kind)} {Name(item)}",
                        "rulelang kube reads Service and EndpointSlice objects only");
                }
                continue;
            }
            string expectedVersion = kind == "Service" ? "v1" : "discovery.k8s.io/v1";
            string? version = item.String("apiVersion", required: true);
            if (version is null)
            {
                continue;
            }
            if (version != expectedVersion)
            {
                _reporter.BadField(JsonPositions.Join(item.Path, "apiVersion"), $"is '{JsonCursor.Printable(version)}'",
                    $"a {kind} of apiVersion {expectedVersion} is expected, the version kubectl prints today");
                continue;
            }
            var metadata = item.Object("metadata", required: true);
            string? name = metadata?.String("name", required: true);
            string? ns = metadata?.String("namespace", required: true);
            if (metadata is null || string.IsNullOrEmpty(name) || string.IsNullOrEmpty(ns))
            {
                continue;
            }
            var labels = metadata.Value.Object("labels");
            if (kind == "Service")
            {
                if (_services.Read(item, ns!, name!, labels) is { } service)
                {
                    services.Add(service);
                }
                else
                {
                    skipped.Add((ns!, name!));
                }
            }
            else if (_slices.Read(item, ns!, name!, labels) is { } slice)
            {
                slices.Add(slice);
            }
        }
        return new KubeItems(services, slices, skipped);
    }

    private static string ReporterKind(string kind) => JsonCursor.Printable(kind);

    private static string Name(JsonCursor item)
    {
        if (item.Member("metadata") is { Kind: JsonValueKind.Object } metadata
            && metadata.Member("name") is { Kind: JsonValueKind.String } name)
        {
            string ns = metadata.Member("namespace") is { Kind: JsonValueKind.String } n ? n.AsString() + "/" : "";
            return ns + name.AsString();
        }
        return "(unnamed)";
    }
}
