using NUnit.Framework;

namespace RuleLang.Dsl.Tests;

/// <summary>
/// <c>PhysdevOut</c> (the output-port tests) does not compile on OUTPUT rules, where the kernel refuses it; the
/// input-side <c>Physdev</c> compiles everywhere, and each refused snippet has a valid counterpart.
/// </summary>
public sealed class PhysdevCompileTests
{
    [TestCase("p.Filter.Output.Rule().PhysdevOut(outPort: \"eth0\").Drop();")]
    [TestCase("p.Mangle.Output.Rule().PhysdevOut(isOut: true).Accept();")]
    [TestCase("p.Raw.Output.Rule().PhysdevOut(isOut: false).Notrack();")]
    public void An_output_port_test_does_not_compile_in_output(string statement)
    {
        Assert.That(SnippetCompiler.Errors(statement), Is.Not.Empty, "an output-port test compiled in OUTPUT");
    }

    [TestCase("p.Filter.Forward.Rule().PhysdevOut(outPort: \"eth0\").Drop();")]
    [TestCase("p.Mangle.Postrouting.Rule().PhysdevOut(isOut: true, inPort: BridgePort.Not(\"veth+\"), isBridged: true).Accept();")]
    [TestCase("p.Filter.Output.Rule().Physdev(isBridged: true).Accept();")]
    [TestCase("p.Raw.Prerouting.Rule().Physdev(inPort: \"eth1\", isIn: false).Notrack();")]
    [TestCase("p.Filter.Chain(\"BR\").Rule().PhysdevOut(outPort: \"eth0\").Drop();")]
    public void Physdev_compiles_where_the_kernel_takes_it(string statement)
    {
        Assert.That(SnippetCompiler.Errors(statement), Is.Empty);
    }
}
