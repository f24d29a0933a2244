using RuleLang.Model.Values;

namespace RuleLang.Testing;

/// <summary>
/// Compiles, with a warning (RL0102, host bits set) in each family: the assembly input of the tests that keep
/// diagnostics off stdout (CliStreamTests, StdoutLoadKernelTests), selected with --policy cli-warns.
/// </summary>
public sealed class WarningPolicy : PolicyDefinition
{
    public override string Name => "cli-warns";

    protected override void Define(PolicyBuilder p)
    {
        p.Filter.Input.Policy(Verdict.Drop);
        p.Filter.Input.Tcp().DestinationPort(22).Source("10.0.0.1/8").Accept();
        p.Filter.Input.Tcp().DestinationPort(22).Source("2001:db8::1/32").Accept();
    }
}
