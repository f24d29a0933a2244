using System.Linq;
using RuleLang.Model.Intents;
using RuleLang.Model.Netfilter;

namespace RuleLang.SourceWriters;

/// <summary>Intents as the PolicyBuilder calls that make them.</summary>
internal static class CSharpIntentWriter
{
    public static string Write(Intent intent) => intent switch
    {
        PortRedirectIntent r => $"p.RedirectPort({Protocol(r.Protocol)}, from: {CSharpSyntax.Int(r.FromPort)}, to: {CSharpSyntax.Int(r.ToPort)}{Named("inInterface", r.InInterface)});",
        PortForwardIntent f => $"p.ForwardPort({Protocol(f.Protocol)}, {CSharpSyntax.Int(f.Port)}, {CSharpSyntax.String(f.ToAddress)}, {CSharpSyntax.Int(f.ToPort)}{Named("inInterface", f.InInterface)});",
        MasqueradeIntent m => $"p.Masquerade({string.Join(", ", new[] { Argument("outInterface", m.OutInterface), Argument("source", m.SourceCidr) }.Where(a => a.Length > 0))});",
        ServiceIntent s => $"p.Service({CSharpSyntax.String(s.Namespace)}, {CSharpSyntax.String(s.Name)}, {CSharpSyntax.String(s.PortName)}, {Protocol(s.Protocol)}, "
            + $"clusterIp: {CSharpSyntax.String(s.ClusterIp)}, port: {CSharpSyntax.Int(s.Port)}, "
            + $"endpoints: new (string, int)[] {{ {string.Join(", ", s.Endpoints.Select(e => $"({CSharpSyntax.String(e.Address)}, {CSharpSyntax.Int(e.Port)})"))} }}"
            + (s.NodePort is { } n ? $", nodePort: {CSharpSyntax.Int(n)}" : "") + ");",
        _ => "// not written: " + intent.GetType().Name,
    };

    private static string Protocol(Protocol protocol) => "Protocol." + protocol;

    private static string Named(string name, string? value) => value is null ? "" : ", " + Argument(name, value);

    private static string Argument(string name, string? value) => value is null ? "" : $"{name}: {CSharpSyntax.String(value)}";
}
