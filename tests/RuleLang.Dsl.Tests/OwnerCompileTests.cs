using System.Linq;
using NUnit.Framework;

namespace RuleLang.Dsl.Tests;

/// <summary>
/// <c>Owner</c> compiles only where the kernel takes -m owner (OUTPUT and POSTROUTING, in every table, and user
/// chains, which the checker follows); each refused snippet has a valid counterpart, so a case also fails if the
/// refusal had another cause.
/// </summary>
public sealed class OwnerCompileTests
{
    [TestCase("p.Filter.Input.Rule().Owner(uid: 1000).Drop();")]
    [TestCase("p.Filter.Forward.Rule().Owner(gid: 100).Drop();")]
    [TestCase("p.Mangle.Prerouting.Rule().Owner(socketExists: true).Accept();")]
    [TestCase("p.Nat.Input.Rule().Owner(uid: OwnerIds.Not(0)).Accept();")]
    [TestCase("p.Raw.Prerouting.Rule().Owner(uid: 0).Notrack();")]
    public void Owner_does_not_compile_where_no_packet_has_a_local_socket(string statement)
    {
        var errors = SnippetCompiler.Errors(statement);
        Assert.That(errors, Is.Not.Empty, "the owner match compiled at a hook without sockets");
    }

    [TestCase("p.Filter.Output.Rule().Owner(uid: 1000).Drop();")]
    [TestCase("p.Filter.Output.Tcp().DestinationPort(25).Owner(uid: OwnerIds.Between(0, 999).Inverted(), gid: 100, socketExists: true).Reject();")]
    [TestCase("p.Mangle.Postrouting.Rule().Owner(socketExists: true).Accept();")]
    [TestCase("p.Nat.Output.Rule().Owner(uid: OwnerIds.Not(0)).Accept();")]
    [TestCase("p.Raw.Output.Rule().Owner(uid: 0).Notrack();")]
    [TestCase("p.Filter.Chain(\"APPS\").Rule().Owner(gid: 4294967294).Drop();")]
    public void Owner_compiles_at_output_postrouting_and_in_user_chains(string statement)
    {
        Assert.That(SnippetCompiler.Errors(statement), Is.Empty);
    }
}
