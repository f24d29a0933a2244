using System.Collections.Generic;
using NUnit.Framework;

namespace RuleLang.KernelTests.Harness;

/// <summary>
/// Base fixture for kernel tests: checks <see cref="KernelRequirement"/> once per fixture and disposes every
/// namespace created through <see cref="CreateNamespace"/> after each test (also when it failed).
/// </summary>
public abstract class KernelTestBase
{
    private readonly List<NetNamespace> _namespaces = new();

    [OneTimeSetUp]
    public void RequireKernel() => KernelRequirement.Ensure();

    [TearDown]
    public void DisposeNamespaces()
    {
        foreach (NetNamespace ns in _namespaces)
        {
            ns.Dispose();
        }

        _namespaces.Clear();
    }

    /// <summary>A new namespace owned by the current test.</summary>
    protected NetNamespace CreateNamespace(string? label = null)
    {
        var ns = new NetNamespace(label);
        _namespaces.Add(ns);
        return ns;
    }
}
