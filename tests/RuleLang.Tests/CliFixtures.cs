using System;
using RuleLang.Model.Values;

namespace RuleLang.Tests;

// Policies the CLI tests load from this very assembly. Their names start with "cli-" so each test can pick one.

public sealed class CliGoodPolicy : PolicyDefinition
{
    public override string Name => "cli-good";

    protected override void Define(PolicyBuilder p)
    {
        p.Filter.Input.Policy(Verdict.Drop);
        p.Filter.Input.Tcp().DestinationPort(22).Source("10.0.0.0/8").Accept();
    }
}

public sealed class CliBadPolicy : PolicyDefinition
{
    public override string Name => "cli-bad";

    protected override void Define(PolicyBuilder p)
    {
        p.Filter.Input.Tcp().DestinationPort(22).Accept();
        p.Filter.Input.Tcp().DestinationPort(22).Source("10.0.0.300/8").Accept();
    }
}

public sealed class CliThrowingPolicy : PolicyDefinition
{
    public override string Name => "cli-throws";

    protected override void Define(PolicyBuilder p) => throw new InvalidOperationException("no inventory for this site.");
}
