using System.Linq;
using NUnit.Framework;
using RuleLang.Checker;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;

namespace RuleLang.Tests;

/// <summary>The one rule for input echoed in a diagnostic: nothing in it can drive a terminal or reorder a line.</summary>
public class DiagnosticTextTests
{
    [TestCase("esc\u001b[2J", "esc\\x1b[2J")]
    [TestCase("cr\rlf\ntab\tnul\0", "cr\\x0dlf\\x0atab\\x09nul\\x00")]
    [TestCase("del\u007f csi\u009b nel\u0085", "del\\x7f csi\\x9b nel\\x85")]
    [TestCase("rlo\u202eexe.txt lri\u2066 pdi\u2069 lrm\u200e alm\u061c", "rlo\\u202eexe.txt lri\\u2066 pdi\\u2069 lrm\\u200e alm\\u061c")]
    [TestCase("zwsp\u200b bom\ufeff shy\u00ad ls\u2028 ps\u2029", "zwsp\\u200b bom\\ufeff shy\\xad ls\\u2028 ps\\u2029")]
    [TestCase("tag\U000E0041", "tag\\U000e0041")]
    [TestCase("caf\u00e9 \U0001F600 \u4e2d back\\slash \\x1b", "caf\u00e9 \U0001F600 \u4e2d back\\slash \\x1b")]
    public void Control_format_and_bidi_characters_are_escaped_and_printable_text_is_kept(string input, string expected)
    {
        Assert.That(DiagnosticText.Escape(input), Is.EqualTo(expected));
        Assert.That(DiagnosticText.Escape(expected), Is.EqualTo(expected), "escaping twice changes nothing");
    }

    [Test]
    public void Half_a_surrogate_pair_is_escaped()
    {
        // Built here, not in an attribute: metadata cannot carry a lone surrogate.
        Assert.That(DiagnosticText.Escape("lone" + '\ud800' + " half"), Is.EqualTo("lone\\ud800 half"));
    }

    [Test]
    public void A_diagnostic_escapes_its_message_however_it_is_made_and_its_path_when_printed()
    {
        var at = new SourceLocation("dir\u001b]0;title\u0007/x.rules", 3, 1);
        var created = PolicyDiagnostic.Create(DiagnosticCatalog.MalformedDump, at, "'\u001b[31mred'", "fix\u202e");
        var constructed = new PolicyDiagnostic(DiagnosticCatalog.MalformedDump, "raw\r", at);

        Assert.That(created.Message, Is.EqualTo("'\\x1b[31mred'; fix\\u202e"));
        Assert.That(constructed.Message, Is.EqualTo("raw\\x0d"));
        Assert.That((constructed with { Message = "again\u0085" }).Message, Is.EqualTo("again\\x85"));
        Assert.That(created.ToString(), Does.StartWith("dir\\x1b]0;title\\x07/x.rules(3,1): error RL0208: "));
    }

    [Test]
    public void The_kubectl_path_escapes_what_it_quotes_too()
    {
        // JSON escapes put a RIGHT-TO-LEFT OVERRIDE and a C1 CSI into the address (the importer turns controls into '?' itself).
        string json = "{\"items\": [{\"kind\": \"Service\", \"apiVersion\": \"v1\", \"metadata\": {\"name\": \"a\", \"namespace\": \"b\"}, "
            + "\"spec\": {\"clusterIP\": \"10.96.0.3\\u202e\\u009b2J\", \"ports\": [{\"port\": 80}]}}]}";
        var result = Importers.Kubernetes.KubeClusterImporter.Import(json, "cluster.json", "cluster", null);

        var error = result.Diagnostics.First(d => d.IsError);
        Assert.That(error.Message, Does.StartWith(".items[0].spec.clusterIP is '10.96.0.3\\u202e?2J'"));
    }

    [Test]
    public void Kernel_string_limits_are_counted_in_utf8_bytes_and_the_message_says_so()
    {
        var bag = new DiagnosticBag();
        ValueRules.CheckComment(new string('\u00e9', 128), SourceLocation.None, bag);

        Assert.That(bag.Items, Has.Count.EqualTo(1));
        Assert.That(bag.Items[0].Message, Is.EqualTo("comment is 256 bytes long in UTF-8; a comment is at most 255 bytes (UTF-8) of printable text on one line"));

        bag = new DiagnosticBag();
        ValueRules.CheckComment(new string('\u00e9', 127) + "x", SourceLocation.None, bag);
        ValueRules.CheckLogPrefix(new string('\u00e9', 14) + "p", SourceLocation.None, bag);
        Assert.That(bag.Items, Is.Empty, "exactly the limit in bytes is allowed");
    }
}
