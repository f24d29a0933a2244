using System.Collections.Generic;
using System.Linq;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Intents;
using RuleLang.Model.Netfilter;

namespace RuleLang.SourceWriters;

/// <summary>Intents as the PolicyBuilder calls that make them.</summary>
internal static class CSharpIntentWriter
{
    public static string Write(Intent intent, List<PolicyDiagnostic> diagnostics) => intent switch
    {
        PortRedirectIntent r => $"p.RedirectPort({Protocol(r.Protocol)}, from: {CSharpSyntax.Int(r.FromPort)}, to: {CSharpSyntax.Int(r.ToPort)}{Named("inInterface", r.InInterface)});",
        PortForwardIntent f => $"p.ForwardPort({Protocol(f.Protocol)}, {CSharpSyntax.Int(f.Port)}, {CSharpSyntax.String(f.ToAddress)}, {CSharpSyntax.Int(f.ToPort)}{Named("inInterface", f.InInterface)});",
        MasqueradeIntent m => $"p.Masquerade({string.Join(", ", new[] { Argument("outInterface", m.OutInterface), Argument("source", m.SourceCidr) }.Where(a => a.Length > 0))});",
        ServiceIntent s => Service(s, diagnostics),
        _ => "// not written: " + intent.GetType().Name,
    };

    /// <summary>
    /// One service port as the ServiceBuilder chain that makes it. The builder gives every endpoint the port's target
    /// port, so endpoints on different ports cannot be said in C#: that is reported, and the first port is written.
    /// </summary>
    private static string Service(ServiceIntent s, List<PolicyDiagnostic> diagnostics)
    {
        var ports = s.Endpoints.Select(e => e.Port).Distinct().ToArray();
        if (ports.Length > 1)
        {
            diagnostics.Add(PolicyDiagnostic.Create(DiagnosticCatalog.NotWritableAsSource, s.Location,
                $"service {s.ServicePortName}", "C#", "its endpoints listen on different ports, and the ServiceBuilder gives every endpoint the port's target port"));
        }
        int targetPort = ports.Length > 0 ? ports[0] : s.Port;
        var call = new System.Text.StringBuilder();
        call.Append($"p.Service({CSharpSyntax.String(s.Namespace)}, {CSharpSyntax.String(s.Name)})");
        if (s.ClusterIp.Length > 0)
        {
            call.Append($".ClusterIp({CSharpSyntax.String(s.ClusterIp)})");
        }
        call.Append($".Port({CSharpSyntax.String(s.PortName)}, {Protocol(s.Protocol)}, {CSharpSyntax.Int(s.Port)}");
        if (targetPort != s.Port)
        {
            call.Append($", targetPort: {CSharpSyntax.Int(targetPort)}");
        }
        if (s.NodePort is { } nodePort)
        {
            call.Append($", nodePort: {CSharpSyntax.Int(nodePort)}");
        }
        call.Append(')');
        foreach (var e in s.Endpoints)
        {
            var conditions = new List<string>();
            if (!e.Ready) conditions.Add("ready: false");
            if (!e.Serving) conditions.Add("serving: false");
            if (e.Terminating) conditions.Add("terminating: true");
            if (e.IsLocal) conditions.Add("local: true");
            call.Append($".Endpoint({string.Join(", ", new[] { CSharpSyntax.String(e.Address) }.Concat(conditions))})");
        }
        AppendList(call, "ExternalIps", s.ExternalIps);
        AppendList(call, "LoadBalancer", s.LoadBalancerIps);
        AppendList(call, "LoadBalancerSourceRanges", s.LoadBalancerSourceRanges);
        if (s.ExternalTrafficPolicy != TrafficPolicy.Cluster)
        {
            call.Append($".ExternalTrafficPolicy(RuleLang.Model.Intents.TrafficPolicy.{s.ExternalTrafficPolicy})");
        }
        if (s.InternalTrafficPolicy != TrafficPolicy.Cluster)
        {
            call.Append($".InternalTrafficPolicy(RuleLang.Model.Intents.TrafficPolicy.{s.InternalTrafficPolicy})");
        }
        if (s.SessionAffinityTimeout is { } timeout)
        {
            call.Append($".SessionAffinity({CSharpSyntax.Int(timeout)})");
        }
        if (s.HealthCheckNodePort is { } health)
        {
            call.Append($".HealthCheckNodePort({CSharpSyntax.Int(health)})");
        }
        return call.Append(';').ToString();
    }

    private static void AppendList(System.Text.StringBuilder call, string method, IReadOnlyList<string> values)
    {
        if (values.Count > 0)
        {
            call.Append($".{method}({string.Join(", ", values.Select(CSharpSyntax.String))})");
        }
    }

    private static string Protocol(Protocol protocol) => "Protocol." + protocol;

    private static string Named(string name, string? value) => value is null ? "" : ", " + Argument(name, value);

    private static string Argument(string name, string? value) => value is null ? "" : $"{name}: {CSharpSyntax.String(value)}";
}
