using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using RuleLang.Backends.Nftables;
using RuleLang.Compiler;
using RuleLang.Importers.Kubernetes;

namespace RuleLang.Cli;

/// <summary>rulelang check | emit | verify | accept | import | kube: compile policies from assemblies, .rl files, dumps and a cluster's kubectl JSON; import dumps as source.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var assemblies = new Argument<string[]>("files")
        {
            Description = "Built assemblies (.dll) that define policies, .rl files, and iptables-save dumps (.rules, .iptables, .ip6tables; an iptables and an ip6tables dump of one host make one policy)",
            Arity = ArgumentArity.OneOrMore,
        };
        var from = new Option<string?>("--from") { Description = "Read every file that is not a .dll or .rl as a dump of this family: iptables or ip6tables" };
        from.AcceptOnlyFromAmong("iptables", "ip6tables");
        var policy = new Option<string?>("--policy") { Description = "Only the policy with this name" };
        var formats = new Option<string[]>("--format", "-f")
        {
            Description = "iptables, ip6tables, nft (repeatable; default iptables and ip6tables, ip6tables only for policies that use IPv6 or drop by default; nft only when asked for)",
            AllowMultipleArgumentsPerToken = true,
        };
        formats.AcceptOnlyFromAmong("iptables", "ip6tables", "nft");
        var outDir = new Option<string?>("--out", "-o") { Description = "Folder to write the rulesets to; without it they are printed" };
        var layout = LayoutOption();
        var owns = OwnsOption();
        var rulesetsDir = new Option<string>("--rulesets", "-r") { Description = "The committed rulesets folder", Required = true };
        var acceptHint = new Option<string?>("--accept-command") { Description = "The command to print for accepting a change (the build passes its own)" };
        var acceptDir = new Option<string>("--out", "-o") { Description = "The rulesets folder to bring up to date", Required = true };

        var check = new Command("check", "Check the policies and report diagnostics") { assemblies, policy, formats, from, layout, owns };
        check.SetAction(result =>
        {
            Session(Layout(result.GetValue(layout)), Owns(result.GetValue(owns))).Compile(result.GetValue(assemblies)!, result.GetValue(policy), Formats(result.GetValue(formats)), out bool failed, result.GetValue(from));
            return failed ? 1 : 0;
        });

        var emit = new Command("emit", "Check the policies and emit their rulesets") { assemblies, policy, formats, outDir, from, layout, owns };
        emit.SetAction(result => Emit(result.GetValue(assemblies)!, result.GetValue(policy), Formats(result.GetValue(formats)), result.GetValue(outDir), prune: false, result.GetValue(from), Layout(result.GetValue(layout)), Owns(result.GetValue(owns))));

        var dumps = new Argument<string[]>("dumps") { Description = "iptables-save output, and optionally ip6tables-save output of the same host", Arity = ArgumentArity.OneOrMore };
        var to = new Option<string>("--to") { Description = "The source language to write: rl or csharp", Required = true };
        to.AcceptOnlyFromAmong("rl", "csharp");
        var importOut = new Option<string?>("--out", "-o") { Description = "The file to write (through a temporary file); without it the source is printed" };
        var name = new Option<string?>("--name") { Description = "The policy name (default: the first dump's file name)" };
        var ns = new Option<string?>("--namespace") { Description = "The C# namespace (default ImportedPolicies)" };
        var import = new Command("import", "Turn iptables-save dumps into .rl or C# source; lines that cannot be imported are listed as comments and reported, and the exit code is then 1")
        {
            dumps, to, importOut, name, ns, from,
        };
        import.SetAction(result => new ImportCommand(Console.Out, Console.Error).Run(
            result.GetValue(dumps)!, result.GetValue(to)!, result.GetValue(importOut), result.GetValue(name), result.GetValue(ns), result.GetValue(from)));

        var verify = new Command("verify", "Fail with a diff when the committed rulesets differ from what the policies emit") { assemblies, policy, formats, rulesetsDir, acceptHint, layout, owns };
        verify.SetAction(result => Verify(
            result.GetValue(assemblies)!, result.GetValue(policy), Formats(result.GetValue(formats)), result.GetValue(rulesetsDir)!, result.GetValue(acceptHint), Layout(result.GetValue(layout)), Owns(result.GetValue(owns))));

        var accept = new Command("accept", "Write what the policies emit now over the committed rulesets, removing stale ones") { assemblies, policy, formats, acceptDir, layout, owns };
        accept.SetAction(result => Emit(result.GetValue(assemblies)!, result.GetValue(policy), Formats(result.GetValue(formats)), result.GetValue(acceptDir), prune: true, layout: Layout(result.GetValue(layout)), ownership: Owns(result.GetValue(owns))));

        var kube = KubeCommandLine();
        var trace = TraceCommandLine(assemblies, policy, from);
        var matrix = MatrixCommandLine(assemblies, policy, from);
        var diff = DiffCommandLine(policy, from);

        var root = new RootCommand("RuleLang: firewall policy in typed C#, .rl files or imported iptables dumps, compiled to iptables-restore rulesets and nft scripts") { check, emit, verify, accept, import, kube, trace, matrix, diff };
        return root.Parse(args).Invoke();
    }

    private static CompileSession Session(NftServiceLayout layout = NftServiceLayout.Compact, Model.Ownership? ownership = null) =>
        new(Console.Out, Console.Error) { NftLayout = layout, DefaultOwnership = ownership };

    /// <summary>--owns tables|chains: what a policy owns where it does not say itself (docs/ownership.md).</summary>
    private static Option<string?> OwnsOption(string whenUnset = "whole tables")
    {
        var owns = new Option<string?>("--owns")
        {
            Description = $"What a policy owns when it does not say itself: tables (replaces whole tables) or chains (only its own chains and its jumps, beside Docker or kube-proxy); default {whenUnset}. A policy's own 'owns' statement wins",
        };
        owns.AcceptOnlyFromAmong("tables", "chains");
        return owns;
    }

    private static Model.Ownership? Owns(string? name) => name switch
    {
        "tables" => Model.Ownership.WholeTables,
        "chains" => Model.Ownership.OwnChains,
        _ => null,
    };

    /// <summary>--layout compact|kube-proxy: how nft scripts lay out Kubernetes services.</summary>
    private static Option<string?> LayoutOption()
    {
        var layout = new Option<string?>("--layout")
        {
            Description = "How nft scripts lay out Kubernetes services: compact (default: a fixed set of chains, the services in sets and maps) or kube-proxy (kube-proxy's nftables layout, a chain per service and endpoint)",
        };
        layout.AcceptOnlyFromAmong("compact", "kube-proxy");
        return layout;
    }

    private static NftServiceLayout Layout(string? name) => name == "kube-proxy" ? NftServiceLayout.KubeProxy : NftServiceLayout.Compact;

    /// <summary>rulelang kube FILE.json: the cluster's own services, as kube-proxy would program them on one node.</summary>
    private static Command KubeCommandLine()
    {
        var file = new Argument<string>("file") { Description = "The output of kubectl get services,endpointslices -A -o json" };
        var formats = new Option<string[]>("--format", "-f")
        {
            Description = "iptables, ip6tables, nft (repeatable; default iptables and ip6tables, ip6tables only when a service is IPv6)",
            AllowMultipleArgumentsPerToken = true,
        };
        formats.AcceptOnlyFromAmong("iptables", "ip6tables", "nft");
        var outDir = new Option<string?>("--out", "-o") { Description = "Folder to write the rulesets to; without it they are printed" };
        var nodeName = new Option<string?>("--node-name") { Description = "This node's name: endpoints whose nodeName it is are local (Local traffic policies); default none" };
        var nodeIps = new Option<string[]>("--node-ip") { Description = "This node's addresses, one per family (repeatable)", AllowMultipleArgumentsPerToken = true };
        var clusterCidrs = new Option<string[]>("--cluster-cidr") { Description = "kube-proxy's --cluster-cidr: cluster IP traffic from outside it is masqueraded (default none)", AllowMultipleArgumentsPerToken = true };
        var masqueradeBit = new Option<int>("--masquerade-bit") { Description = "The packet mark bit of KUBE-MARK-MASQ, 0 to 31", DefaultValueFactory = _ => KubeNodeSettings.Default.MasqueradeBit };
        var masqueradeAll = new Option<bool>("--masquerade-all") { Description = "Masquerade all traffic to cluster IPs, as kube-proxy's --masquerade-all" };
        var name = new Option<string?>("--name") { Description = "The policy name, which names the files (default: the JSON file's name)" };
        var layout = LayoutOption();
        var owns = OwnsOption(whenUnset: "chains, as kube-proxy");
        var kube = new Command("kube", "Compile a cluster's Services and EndpointSlices (kubectl's JSON) into the rulesets kube-proxy programs on one node")
        {
            file, formats, outDir, nodeName, nodeIps, clusterCidrs, masqueradeBit, masqueradeAll, name, layout, owns,
        };
        kube.SetAction(result =>
        {
            var node = new KubeNodeSettings
            {
                NodeName = result.GetValue(nodeName),
                NodeIps = result.GetValue(nodeIps) ?? Array.Empty<string>(),
                ClusterCidrs = result.GetValue(clusterCidrs) ?? Array.Empty<string>(),
                MasqueradeBit = result.GetValue(masqueradeBit),
                MasqueradeAll = result.GetValue(masqueradeAll),
            };
            return new KubeCommand(Console.Out, Console.Error).Run(
                result.GetValue(file)!, Formats(result.GetValue(formats)), result.GetValue(outDir), node, result.GetValue(name), Layout(result.GetValue(layout)),
                Owns(result.GetValue(owns)) ?? Model.Ownership.OwnChains);
        });
        return kube;
    }

    /// <summary>rulelang trace INPUT... --packet "…": one packet through one policy, hook by hook.</summary>
    private static Command TraceCommandLine(Argument<string[]> inputs, Option<string?> policy, Option<string?> from)
    {
        var packet = new Option<string>("--packet", "-p")
        {
            Description = "The packet: PROTO SRC[:PORT] -> DST[:PORT] iif NAME|from local [oif NAME] [state new|established|related|invalid|untracked] [mark N] [type ICMP-TYPE]",
            Required = true,
        };
        var local = new Option<string[]>("--local")
        {
            Description = "This host's addresses, comma-separated or repeated (default: the packet's destination, or its source when from local)",
            AllowMultipleArgumentsPerToken = true,
        };
        var recent = new Option<string[]>("--recent")
        {
            Description = "-m recent lists that already hold the packet's source (a returning client with session affinity); default none",
            AllowMultipleArgumentsPerToken = true,
        };
        var format = new Option<string>("--format", "-f") { Description = "text or json", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var trace = new Command("trace", "Follow one packet through a policy as netfilter would: every hook, table, chain and rule it meets, NAT, marks, and the verdict; random load balancing as exact probabilities")
        {
            inputs, policy, from, packet, local, recent, format,
        };
        trace.SetAction(result => new TraceCommand(Console.Out, Console.Error).Run(
            result.GetValue(inputs)!, result.GetValue(policy), result.GetValue(from), result.GetValue(packet)!,
            result.GetValue(local) ?? Array.Empty<string>(), result.GetValue(recent) ?? Array.Empty<string>(), result.GetValue(format) ?? "text"));
        return trace;
    }

    /// <summary>rulelang matrix INPUT... [--chain TABLE/CHAIN | --hook HOOK]: the service matrix (docs/analysis.md).</summary>
    private static Command MatrixCommandLine(Argument<string[]> inputs, Option<string?> policy, Option<string?> from)
    {
        var chain = new Option<string?>("--chain") { Description = "One chain, as TABLE/CHAIN (filter/INPUT); its jumps are followed" };
        var hook = new Option<string?>("--hook") { Description = "A hook, all its tables in priority order: prerouting, input (default), forward, output, postrouting" };
        var matrix = new Command("matrix", "Print what a hook or a chain does with every new connection, as a table of address and port ranges with one verdict each")
        {
            inputs, policy, from, chain, hook,
        };
        matrix.SetAction(result => new MatrixCommand(Console.Out, Console.Error).Run(
            result.GetValue(inputs)!, result.GetValue(policy), result.GetValue(from), result.GetValue(chain), result.GetValue(hook)));
        return matrix;
    }

    /// <summary>rulelang diff OLD NEW [--format text|markdown]: the semantic diff (docs/analysis.md).</summary>
    private static Command DiffCommandLine(Option<string?> policy, Option<string?> from)
    {
        var before = new Argument<string>("old") { Description = "The policy before: an assembly, a .rl file, or a committed ruleset or dump (.iptables, .ip6tables, .rules)" };
        var after = new Argument<string>("new") { Description = "The policy after, as OLD" };
        var format = new Option<string>("--format", "-f") { Description = "text, or markdown for a pull-request comment", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "markdown");
        var diff = new Command("diff", "Print the flows whose fate changes between two versions of a policy: newly accepted, newly dropped, NAT target changed, with the rules responsible")
        {
            before, after, policy, from, format,
        };
        diff.SetAction(result => new DiffCommand(Console.Out, Console.Error).Run(
            result.GetValue(before)!, result.GetValue(after)!, result.GetValue(policy), result.GetValue(from), result.GetValue(format) ?? "text"));
        return diff;
    }

    private static RulesetFormat[] Formats(string[]? names) => names is { Length: > 0 }
        ? names.Select(ParseFormat).Distinct().ToArray()
        : PolicyCompiler.DefaultFormats.ToArray();

    private static RulesetFormat ParseFormat(string name) => name switch
    {
        "iptables" => RulesetFormat.Iptables,
        "ip6tables" => RulesetFormat.Ip6tables,
        _ => RulesetFormat.Nft,
    };

    private static int Emit(string[] assemblies, string? policy, RulesetFormat[] formats, string? outDir, bool prune, string? from = null, NftServiceLayout layout = NftServiceLayout.Compact, Model.Ownership? ownership = null)
    {
        var results = Session(layout, ownership).Compile(assemblies, policy, formats, out bool failed, from);
        if (failed)
        {
            // All or nothing: one broken policy must not leave the folder half updated.
            return 1;
        }
        var rulesets = results.SelectMany(r => r.Rulesets).ToArray();
        if (outDir is null)
        {
            foreach (var ruleset in rulesets)
            {
                Console.Out.Write(ruleset.Text);
            }
            return 0;
        }
        var written = RulesetWriter.Write(outDir, rulesets);
        foreach (var ruleset in rulesets)
        {
            string path = Path.Combine(outDir, ruleset.FileName);
            Console.Out.WriteLine((written.Contains(path) ? "wrote " : "unchanged ") + path);
        }
        // Pruning applies to a whole folder, so only when every policy of the project was compiled.
        if (prune && policy is null)
        {
            foreach (string deleted in RulesetWriter.Prune(outDir, rulesets))
            {
                Console.Out.WriteLine("removed " + deleted);
            }
        }
        return 0;
    }

    private static int Verify(string[] assemblies, string? policy, RulesetFormat[] formats, string rulesetsDir, string? acceptCommand, NftServiceLayout layout = NftServiceLayout.Compact, Model.Ownership? ownership = null)
    {
        var results = Session(layout, ownership).Compile(assemblies, policy, formats, out bool failed);
        if (failed)
        {
            return 1;
        }
        var rulesets = results.SelectMany(r => r.Rulesets).ToArray();
        var drifts = RulesetVerifier.Verify(rulesetsDir, rulesets);
        if (policy != null)
        {
            drifts = drifts.Where(d => d.Kind != DriftKind.Stale).ToArray();
        }
        if (drifts.Count == 0)
        {
            Console.Out.WriteLine($"rulesets in {rulesetsDir} are up to date ({rulesets.Length} files)");
            return 0;
        }
        foreach (var drift in drifts)
        {
            // MSBuild's error format, so a CI log links the file; the diff follows as plain lines.
            string what = drift.Kind switch
            {
                DriftKind.Missing => "is not committed",
                DriftKind.Stale => "is committed but no policy emits it any more",
                _ => "differs from what the policy emits now",
            };
            var where = new Model.SourceLocation(Path.Combine(rulesetsDir, drift.FileName), 0, 0);
            Console.Out.WriteLine(Model.Diagnostics.PolicyDiagnostic.Create(Model.Diagnostics.DiagnosticCatalog.RulesetOutOfDate, where, drift.FileName, what));
            Console.Out.Write(drift.Diff);
            // What the change does to traffic, beside what it does to the text (docs/analysis.md).
            Console.Out.Write(VerifySemanticDiff.For(drift, rulesetsDir, results) ?? "");
        }
        string accept = acceptCommand ?? $"rulelang accept {string.Join(" ", assemblies)} --out {rulesetsDir}";
        Console.Out.WriteLine($"To accept these changes: {accept}");
        return 1;
    }
}
