using System.Linq;
using NUnit.Framework;
using RuleLang.Backends.Nftables;
using RuleLang.Compiler;
using RuleLang.KernelTests.Harness;
using RuleLang.Model.Netfilter;
using static RuleLang.Testing.M;

namespace RuleLang.KernelTests;

/// <summary>
/// nft's comment limit is bytes of UTF-8, as the nft back end counts it (<see cref="NftValues.MaxCommentBytes"/>):
/// a comment of exactly that many bytes, in two- and three-byte characters, loads and lists back unchanged; one
/// byte more is refused by the back end (RL3101) and by nft itself. (iptables' comment and LOG prefix limits are
/// facts of tests/Shared/NetfilterFactCorpus.cs, proved by FactCorpusKernelTests.)
/// </summary>
[TestFixture]
public sealed class NftCommentLimitKernelTests : KernelTestBase
{
    // 42 × '€' (three bytes) + 'é' (two bytes) = 128 bytes in 43 characters.
    private static readonly string AtLimit = new string('\u20ac', 42) + "\u00e9";

    [Test]
    public void A_comment_of_exactly_the_byte_limit_loads_and_lists_back_unchanged()
    {
        Assert.That(System.Text.Encoding.UTF8.GetByteCount(AtLimit), Is.EqualTo(NftValues.MaxCommentBytes));
        string script = Compile(AtLimit);

        NetNamespace ns = CreateNamespace("nftcomment");
        ns.LoadNft(script).EnsureSuccess("loading a comment of exactly the limit");
        Assert.That(ns.ListNft(), Does.Contain("comment \"" + AtLimit + "\""));
    }

    [Test]
    public void One_byte_more_is_refused_by_the_back_end_and_by_nft()
    {
        string over = AtLimit + "x";
        var compiled = PolicyCompiler.Compile(CommentPolicy(over), new[] { RulesetFormat.Nft });
        Assert.That(compiled.Succeeded, Is.False);
        Assert.That(compiled.Diagnostics.Select(d => d.Id), Does.Contain("RL3101"));

        // The same script with the longer comment written in by hand: nft refuses it, so the back end's limit is nft's.
        string script = Compile(AtLimit).Replace("\"" + AtLimit + "\"", "\"" + over + "\"", System.StringComparison.Ordinal);
        NetNamespace ns = CreateNamespace("nftcomment");
        ExecResult load = ns.LoadNft(script);
        Assert.That(load.Success, Is.False, () => "nft took a comment of 129 bytes: " + load.Describe());
    }

    private static string Compile(string comment)
    {
        var compiled = PolicyCompiler.Compile(CommentPolicy(comment), new[] { RulesetFormat.Nft });
        Assert.That(compiled.Succeeded, Is.True, () => string.Join("\n", compiled.Diagnostics));
        return compiled.Rulesets.Single().Text;
    }

    private static Model.Policy CommentPolicy(string comment) =>
        Policy("nftcomment", Table(TableKind.Filter, Builtin(Hook.Input, Rule(Accept, Proto(Protocol.Tcp), Dport(22), Comment(comment)))));
}
