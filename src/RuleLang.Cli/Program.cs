using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using RuleLang.Backends.Nftables;
using RuleLang.Compiler;
using RuleLang.Compiler.Files;
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
            Description = "iptables, ip6tables, nft, ipset (repeatable; default iptables and ip6tables, ip6tables only for policies that use IPv6 or drop by default; nft only when asked for; the ipset script of a policy's sets is written beside its iptables rulesets, and printed only when asked for)",
            AllowMultipleArgumentsPerToken = true,
        };
        formats.AcceptOnlyFromAmong("iptables", "ip6tables", "nft", "ipset");
        var outDir = new Option<string?>("--out", "-o") { Description = "Folder to write the rulesets to; without it they are printed" };
        var layout = LayoutOption();
        var owns = OwnsOption();
        var rulesetsDir = new Option<string>("--rulesets", "-r") { Description = "The committed rulesets folder", Required = true };
        var acceptHint = new Option<string?>("--accept-command") { Description = "The command to print for accepting a change (the build passes its own)" };
        var acceptDir = new Option<string>("--out", "-o") { Description = "The rulesets folder to bring up to date", Required = true };
        var includeDirs = IncludeDirsOption();

        var check = new Command("check", "Check the policies and report diagnostics") { assemblies, policy, formats, from, layout, includeDirs, owns };
        check.SetAction(result =>
        {
            Session(result).Compile(result.GetValue(assemblies)!, result.GetValue(policy), Formats(result.GetValue(formats)), out bool failed, result.GetValue(from));
            return failed ? 1 : 0;
        });

        var emit = new Command("emit", "Check the policies and emit their rulesets") { assemblies, policy, formats, outDir, from, layout, includeDirs, owns };
        emit.SetAction(result => Emit(
            Session(result), result.GetValue(assemblies)!, result.GetValue(policy), Formats(result.GetValue(formats)), result.GetValue(outDir), prune: false, result.GetValue(from)));

        var dumps = new Argument<string[]>("dumps") { Description = "iptables-save output, and optionally ip6tables-save output of the same host; or one `nft list ruleset` listing, told apart by its content", Arity = ArgumentArity.OneOrMore };
        var to = new Option<string>("--to") { Description = "The source language to write: rl or csharp", Required = true };
        to.AcceptOnlyFromAmong("rl", "csharp");
        var importOut = new Option<string?>("--out", "-o") { Description = "The file to write (through a temporary file); without it the source is printed" };
        var name = new Option<string?>("--name") { Description = "The policy name (default: the first dump's file name)" };
        var ns = new Option<string?>("--namespace") { Description = "The C# namespace (default ImportedPolicies)" };
        var import = new Command("import", "Turn iptables-save dumps or an nft ruleset into .rl or C# source; lines that cannot be imported are listed as comments and reported, and the exit code is then 1")
        {
            dumps, to, importOut, name, ns, from,
        };
        import.SetAction(result => new ImportCommand(Console.Out, Console.Error).Run(
            result.GetValue(dumps)!, result.GetValue(to)!, result.GetValue(importOut), result.GetValue(name), result.GetValue(ns), result.GetValue(from)));

        var verify = new Command("verify", "Fail with a diff when the committed rulesets differ from what the policies emit") { assemblies, policy, formats, rulesetsDir, acceptHint, layout, includeDirs, owns };
        verify.SetAction(result => Verify(
            Session(result), result.GetValue(assemblies)!, result.GetValue(policy), Formats(result.GetValue(formats)), result.GetValue(rulesetsDir)!, result.GetValue(acceptHint)));

        var accept = new Command("accept", "Write what the policies emit now over the committed rulesets, removing stale ones") { assemblies, policy, formats, acceptDir, layout, includeDirs, owns };
        accept.SetAction(result => Emit(
            Session(result), result.GetValue(assemblies)!, result.GetValue(policy), Formats(result.GetValue(formats)), result.GetValue(acceptDir), prune: true));

        var kube = KubeCommandLine();
        var trace = TraceCommandLine(assemblies, policy, from);
        var matrix = MatrixCommandLine(assemblies, policy, from);
        var diff = DiffCommandLine(policy, from);
        var apply = ApplyCommandLine(policy, from);
        var status = StatusCommandLine(policy, from);
        var lockoutCheck = LockoutCheckCommandLine(assemblies, policy, from);

        var root = new RootCommand("RuleLang: firewall policy in typed C#, .rl files or imported iptables dumps, compiled to iptables-restore rulesets and nft scripts")
        {
            check, emit, verify, accept, import, kube, trace, matrix, diff, apply, status, lockoutCheck, RollbackTimerCommandLine(),
        };
        return Backstop.Run(() =>
        {
            var parsed = root.Parse(args);
            // System.CommandLine's own handler would print the exception with its stack trace.
            var invocation = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
            if (parsed.Errors.Count > 0)
            {
                // The usage printed after a mistake explains an error: stdout stays empty, as for any failed run.
                invocation.Output = Console.Error;
            }
            return parsed.Invoke(invocation);
        }, Console.Error);
    }

    // Diagnostics go to stderr (CompileSession): stdout is the artifact asked for. The options are the ones made in
    // Main; one session per command, from what its command line says.
    private static CompileSession Session(ParseResult result)
    {
        string[]? includeDirs = result.GetValue<string[]>("--include-dir");
        return new CompileSession(Console.Error)
        {
            NftLayout = Layout(result.GetValue<string?>("--layout")),
            IncludeDirs = includeDirs ?? Array.Empty<string>(),
            DefaultOwnership = Owns(result.GetValue<string?>("--owns")),
        };
    }

    /// <summary>--include-dir DIR: a folder .rl includes may read besides the .rl file's own tree (RL0701).</summary>
    private static Option<string[]> IncludeDirsOption() => new("--include-dir")
    {
        Description = "A folder whose .rl files may be included (repeatable); without it a .rl file includes only files in its own folder's tree",
    };

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
        var serviceCidrs = new Option<string[]>("--service-cidr") { Description = "kube-proxy's service CIDRs, one per family: nft output drops traffic to an address in them that no service uses (default none)", AllowMultipleArgumentsPerToken = true };
        var masqueradeBit = new Option<int>("--masquerade-bit") { Description = "The packet mark bit of KUBE-MARK-MASQ, 0 to 31", DefaultValueFactory = _ => KubeNodeSettings.Default.MasqueradeBit };
        var masqueradeAll = new Option<bool>("--masquerade-all") { Description = "Masquerade all traffic to cluster IPs, as kube-proxy's --masquerade-all" };
        var localhostNodePorts = new Option<bool>("--localhost-nodeports")
        {
            Description = "kube-proxy's --iptables-localhost-nodeports: IPv4 NodePorts also answer on 127.0.0.1, true or false (default true, as kube-proxy; nft ignores it, as kube-proxy's nftables mode)",
            DefaultValueFactory = _ => KubeNodeSettings.Default.LocalhostNodePorts,
        };
        var randomFully = new Option<bool>("--random-fully")
        {
            Description = "MASQUERADE --random-fully, true or false (default true: kube-proxy adds it where iptables supports it)",
            DefaultValueFactory = _ => KubeNodeSettings.Default.RandomFully,
        };
        var nodePortAddresses = new Option<string[]>("--nodeport-addresses")
        {
            Description = "kube-proxy's --nodeport-addresses: only the node's addresses (--node-ip, and 127.0.0.1 with localhost NodePorts) in these CIDRs accept NodePorts (default: every local address; nft never answers on 127.0.0.1)",
            AllowMultipleArgumentsPerToken = true,
        };
        var nfacct = new Option<bool>("--nfacct") { Description = "kube-proxy's nfacct counters (-m nfacct --nfacct-name …) where kube-proxy adds them; loading needs the xt_nfacct module and the counters" };
        var name = new Option<string?>("--name") { Description = "The policy name, which names the files (default: the JSON file's name)" };
        var layout = LayoutOption();
        var owns = OwnsOption(whenUnset: "chains, as kube-proxy");
        var kube = new Command("kube", "Compile a cluster's Services and EndpointSlices (kubectl's JSON) into the rulesets kube-proxy programs on one node")
        {
            file, formats, outDir, nodeName, nodeIps, clusterCidrs, serviceCidrs, masqueradeBit, masqueradeAll, localhostNodePorts, randomFully, nodePortAddresses, nfacct, name, layout, owns,
        };
        kube.SetAction(result =>
        {
            var node = new KubeNodeSettings
            {
                NodeName = result.GetValue(nodeName),
                NodeIps = result.GetValue(nodeIps) ?? Array.Empty<string>(),
                ClusterCidrs = result.GetValue(clusterCidrs) ?? Array.Empty<string>(),
                ServiceCidrs = result.GetValue(serviceCidrs) ?? Array.Empty<string>(),
                MasqueradeBit = result.GetValue(masqueradeBit),
                MasqueradeAll = result.GetValue(masqueradeAll),
                LocalhostNodePorts = result.GetValue(localhostNodePorts),
                RandomFully = result.GetValue(randomFully),
                NfacctCounters = result.GetValue(nfacct),
                NodePortAddresses = result.GetValue(nodePortAddresses) ?? Array.Empty<string>(),
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
            Description = "This host's addresses, comma-separated or repeated; ADDR/PREFIX adds the subnet's broadcast address (default: the packet's destination, or its source when from local)",
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

    /// <summary>The inputs of apply and status: a rulesets folder, or what emit compiles.</summary>
    private static Argument<string[]> LiveInputsArgument(ArgumentArity arity) => new("inputs")
    {
        Description = "A rulesets folder (the files RuleLang generated in it), or the policy's assemblies, .rl files or dumps, compiled as emit compiles them",
        Arity = arity,
    };

    private static Option<string?> NetnsOption() => new("--netns") { Description = "Work inside this named network namespace (ip netns), not on the host" };

    /// <param name="name">--format for apply (as emit); --family for status, whose --format is its report's, as trace's and diff's.</param>
    private static Option<string[]> LiveFormatsOption(string name)
    {
        var formats = new Option<string[]>(name)
        {
            Description = "iptables, ip6tables, nft (repeatable; default iptables and ip6tables, nft only when asked for)",
            AllowMultipleArgumentsPerToken = true,
        };
        formats.AcceptOnlyFromAmong("iptables", "ip6tables", "nft");
        return formats;
    }

    /// <summary>rulelang apply INPUT… [--confirm 30s | --dry-run | --boot] [--netns NAME]; rulelang apply --confirm-pending (docs/deploy.md).</summary>
    private static Command ApplyCommandLine(Option<string?> policy, Option<string?> from)
    {
        var inputs = LiveInputsArgument(ArgumentArity.ZeroOrMore);
        var formats = LiveFormatsOption("--format");
        var netns = NetnsOption();
        var layout = LayoutOption();
        var confirm = new Option<string?>("--confirm") { Description = "Roll back unless confirmed within this period (30s, 2m): at the prompt on a terminal, or with apply --confirm-pending from another session" };
        var confirmPending = new Option<bool>("--confirm-pending") { Description = "Keep the rules of the apply waiting for its confirmation on this host (or --netns)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print what would change for traffic (live -> new) and change nothing" };
        var boot = new Option<bool>("--boot") { Description = "Restore the committed rulesets at boot: no confirmation, no lockout proof (see docs/deploy.md)" };
        var lockout = new LockoutCommandLine();
        var apply = new Command("apply", "Apply one policy's rulesets to the live kernel as one unit: prove the operator keeps access, snapshot, load every family, roll back everything if a step fails")
        {
            inputs, policy, from, formats, layout, IncludeDirsOption(), OwnsOption(), netns, confirm, confirmPending, dryRun, boot,
        };
        lockout.AddTo(apply);
        apply.SetAction(result => new ApplyCommand(Console.Out, Console.Error).Run(new ApplyOptions(
            result.GetValue(inputs) ?? Array.Empty<string>(), result.GetValue(policy), result.GetValue(from), Formats(result.GetValue(formats)),
            Session(result), result.GetValue(netns), result.GetValue(confirm), result.GetValue(confirmPending), result.GetValue(dryRun), result.GetValue(boot),
            lockout.Read(result))));
        return apply;
    }

    /// <summary>rulelang status INPUT… [--netns NAME] [--format json]: drift between the live kernel and the policy (exit 3).</summary>
    private static Command StatusCommandLine(Option<string?> policy, Option<string?> from)
    {
        var inputs = LiveInputsArgument(ArgumentArity.OneOrMore);
        var formats = LiveFormatsOption("--family");
        var netns = NetnsOption();
        var layout = LayoutOption();
        var output = new Option<string>("--format") { Description = "The report: text or json", DefaultValueFactory = _ => "text" };
        output.AcceptOnlyFromAmong("text", "json");
        var status = new Command("status", "Compare what the live kernel runs, of what the policy owns, with what the policy emits: exit 0 when equal, 3 on drift")
        {
            inputs, policy, from, formats, layout, IncludeDirsOption(), OwnsOption(), netns, output,
        };
        status.SetAction(result => new StatusCommand(Console.Out, Console.Error).Run(
            result.GetValue(inputs)!, result.GetValue(policy), result.GetValue(from), Formats(result.GetValue(formats)),
            Session(result), result.GetValue(netns), result.GetValue(output) ?? "text"));
        return status;
    }

    /// <summary>The detached process apply --confirm starts; not for people.</summary>
    private static Command RollbackTimerCommandLine()
    {
        var netns = NetnsOption();
        var timer = new Command(RollbackTimerCommand.Name, "Roll back a pending apply at its deadline unless it is confirmed first") { netns };
        timer.Hidden = true;
        timer.SetAction(result => RollbackTimerCommand.Run(result.GetValue(netns)));
        return timer;
    }

    /// <summary>rulelang lockout-check INPUT... [--keep …] [--netns NS]: the lockout proof apply runs, on its own (docs/lockout.md).</summary>
    private static Command LockoutCheckCommandLine(Argument<string[]> inputs, Option<string?> policy, Option<string?> from)
    {
        var lockout = new LockoutCommandLine();
        var netns = new Option<string?>("--netns") { Description = "Read conntrack and the local addresses inside this named network namespace" };
        var command = new Command("lockout-check", "Prove that the policies keep the operator's connection (SSH_CONNECTION, --keep) and conntrack's established connections; exit 1 with the counterexample and the rule when one would be cut")
        {
            inputs, policy, from, netns,
        };
        lockout.AddTo(command);
        command.SetAction(result => new LockoutCheckCommand(Console.Error, new HostTools(result.GetValue(netns))).Run(
            result.GetValue(inputs)!, result.GetValue(policy), result.GetValue(from), lockout.Read(result)));
        return command;
    }

    private static RulesetFormat[] Formats(string[]? names) => names is { Length: > 0 }
        ? names.Select(ParseFormat).Distinct().ToArray()
        : PolicyCompiler.DefaultFormats.ToArray();

    private static RulesetFormat ParseFormat(string name) => name switch
    {
        "iptables" => RulesetFormat.Iptables,
        "ip6tables" => RulesetFormat.Ip6tables,
        "ipset" => RulesetFormat.Ipset,
        _ => RulesetFormat.Nft,
    };

    private static int Emit(CompileSession session, string[] assemblies, string? policy, RulesetFormat[] formats, string? outDir, bool prune, string? from = null)
    {
        var results = session.Compile(assemblies, policy, formats, out bool failed, from);
        if (failed)
        {
            // All or nothing: one broken policy must not leave the folder half updated.
            return 1;
        }
        var rulesets = results.SelectMany(r => r.Rulesets).ToArray();
        if (outDir is null)
        {
            // stdout is one artifact: the ipset script, which another tool loads, only when it was asked for.
            foreach (var ruleset in rulesets.Where(r => r.Format != RulesetFormat.Ipset || formats.Contains(RulesetFormat.Ipset)))
            {
                Console.Out.Write(ruleset.Text);
            }
            if (!formats.Contains(RulesetFormat.Ipset) && rulesets.Any(r => r.Format == RulesetFormat.Ipset))
            {
                Console.Error.WriteLine("note: the policy defines sets; their ipset script, which must be loaded before the ruleset, is printed with --format ipset");
            }
            return 0;
        }
        try
        {
            var written = RulesetWriter.Write(outDir, rulesets);
            foreach (var ruleset in rulesets)
            {
                string path = Path.Combine(outDir, ruleset.FileName);
                Console.Error.WriteLine((written.Contains(path) ? "wrote " : "unchanged ") + path);
            }
            // Pruning applies to a whole folder, so only when every policy of the project was compiled, and only to
            // the formats compiled: what the build wrote in another format is not this command's to remove.
            if (prune && policy is null)
            {
                foreach (string deleted in StaleRulesets.Prune(outDir, rulesets, formats))
                {
                    Console.Error.WriteLine("removed " + deleted);
                }
            }
        }
        catch (FileDiagnosticException refused)
        {
            Console.Error.WriteLine(refused.Diagnostic);
            return 1;
        }
        return 0;
    }

    /// <summary>
    /// The drift report (RL3201 lines, diffs, the accept command) is verify's artifact and goes to stdout, whole and
    /// in order; the policies' own diagnostics and "up to date" go to stderr. MSBuild's Exec reads error lines from
    /// both streams, so the build fails at RL3201 as before.
    /// </summary>
    private static int Verify(CompileSession session, string[] assemblies, string? policy, RulesetFormat[] formats, string rulesetsDir, string? acceptCommand)
    {
        var results = session.Compile(assemblies, policy, formats, out bool failed);
        if (failed)
        {
            return 1;
        }
        var rulesets = results.SelectMany(r => r.Rulesets).ToArray();
        IReadOnlyList<RulesetDrift> drifts;
        try
        {
            drifts = RulesetVerifier.Verify(rulesetsDir, rulesets, formats);
        }
        catch (FileDiagnosticException refused)
        {
            Console.Error.WriteLine(refused.Diagnostic);
            return 1;
        }
        if (policy != null)
        {
            drifts = drifts.Where(d => d.Kind != DriftKind.Stale).ToArray();
        }
        if (drifts.Count == 0)
        {
            Console.Error.WriteLine($"rulesets in {rulesetsDir} are up to date ({rulesets.Length} files)");
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
        string accept = acceptCommand ?? AcceptCommandText.For(assemblies, rulesetsDir, formats, session.NftLayout, policy, session.IncludeDirs, session.DefaultOwnership);
        Console.Out.WriteLine($"To accept these changes: {accept}");
        return 1;
    }
}
