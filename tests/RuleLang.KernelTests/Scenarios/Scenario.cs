using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RuleLang.KernelTests.Harness;

namespace RuleLang.KernelTests.Scenarios;

/// <summary>
/// One example's topology, written once: namespaces by role, the servers that answer, and the example's
/// committed ruleset(s) loaded by a <see cref="Backend"/>. The flows are the example's traffic checks, driven the
/// same way whichever back end loaded the rules. Namespaces come from the test (its CreateNamespace), which
/// deletes them after the test; <see cref="Dispose"/> stops the servers first.
/// </summary>
public abstract class Scenario : IDisposable
{
    private readonly Dictionary<string, NetNamespace> _hosts = new(StringComparer.Ordinal);
    private readonly List<TrafficServer> _servers = new();

    protected Scenario(Backend backend) => Backend = backend;

    public Backend Backend { get; }

    /// <summary>The loaded ruleset text(s), file by file, for assertion messages.</summary>
    public string Rulesets { get; protected set; } = "";

    /// <summary>The traffic checks of this example, with the outcome the policy asks for.</summary>
    public abstract IReadOnlyList<Flow> Flows { get; }

    public NetNamespace Host(string role) => _hosts.TryGetValue(role, out NetNamespace? ns)
        ? ns
        : throw new ArgumentException($"no host '{role}' in {GetType().Name}; hosts: {string.Join(", ", _hosts.Keys)}", nameof(role));

    public void Dispose()
    {
        foreach (TrafficServer s in _servers)
        {
            s.Dispose();
        }

        _servers.Clear();
    }

    /// <summary>
    /// Runs the flows concurrently (a dropped one waits <see cref="Flow.DropWait"/>, so one by one they would add
    /// up), each on a thread of its own: they block on processes, and the harness reads process output on the
    /// thread pool, which blocked pool threads would starve.
    /// </summary>
    public IReadOnlyList<FlowResult> Run(IReadOnlyList<Flow> flows) => Concurrently(flows.Select(f => (Func<FlowResult>)(() => f.Run(this))).ToArray());

    /// <summary>Runs blocking work on dedicated threads and returns the results in order.</summary>
    public static T[] Concurrently<T>(IReadOnlyList<Func<T>> work) =>
        Task.WhenAll(work.Select(w => Task.Factory.StartNew(w, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)))
            .GetAwaiter().GetResult();

    protected NetNamespace AddHost(string role, Func<string, NetNamespace> create)
    {
        NetNamespace ns = create(role);
        _hosts[role] = ns;
        return ns;
    }

    protected void Serve(TrafficServer server) => _servers.Add(server);
}
