using NUnit.Framework;
using RuleLang.KernelTests.Harness;

// Kernel tests share the machine's netfilter/netns machinery and time-sensitive traffic: run them one at a time.
[assembly: NonParallelizable]
[assembly: LevelOfParallelism(1)]

/// <summary>Assembly-wide: removes stale namespaces of dead runs first, and any namespace this run leaked last.</summary>
[SetUpFixture]
public sealed class KernelAssemblySetup
{
    [OneTimeSetUp]
    public void RemoveStaleNamespaces()
    {
        if (KernelRequirement.MissingReason is null)
        {
            NetNamespace.CleanupStale();
        }
    }

    [OneTimeTearDown]
    public void RemoveLeakedNamespaces() => NetNamespace.DisposeAllLive();
}
