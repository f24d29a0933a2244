using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using RuleLang.KernelTests.Properties;
using RuleLang.Model;
using RuleLang.Testing;

namespace RuleLang.KernelTests.Regressions;

/// <summary>
/// Saves a shrunk failing case as C# in <c>tests/RuleLang.KernelTests/Regressions/Case_*.cs</c>: a method of
/// <see cref="SavedCases"/> building the policy with <c>M</c>, marked with <see cref="SavedCaseAttribute"/>. The
/// next build compiles it in and <see cref="RegressionKernelTests"/> runs it from then on. The file name comes from
/// a hash of the code, so the same case is saved once.
/// </summary>
public static class RegressionWriter
{
    public static string Folder => Path.Combine(RepoPaths.Root, "tests", "RuleLang.KernelTests", "Regressions");

    public static (string Path, string Code) Save(Policy policy, PropertyFailure failure, string origin, InvalidCase? defect = null)
    {
        string body = ModelPrinter.Print(policy, 8);
        string hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(body)))[..12].ToLowerInvariant();
        string name = $"Case_{(defect is null ? "valid" : "invalid")}_{hash}";
        var attribute = new StringBuilder($"[SavedCase({ModelPrinter.Str(failure.Stage)}");
        if (defect is not null)
        {
            attribute.Append($", Defect = {ModelPrinter.Str(defect.Defect)}, ExpectedId = {ModelPrinter.Str(defect.ExpectedId)}");
            attribute.Append($", Kernel = \"{(defect.KernelRefuses switch { true => "refuses", false => "accepts", _ => "" })}\"");
        }

        attribute.Append(")]");
        string detail = string.Join("\n", failure.Detail.Split('\n').Take(12).Select(l => "// " + l.TrimEnd()));
        string code =
$@"// Found by a property run ({origin}) and shrunk; it failed with:
// {failure.Stage}
{detail}
using RuleLang.Model;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;
using RuleLang.Testing;
using static RuleLang.Testing.M;

namespace RuleLang.KernelTests.Regressions;

public static partial class SavedCases
{{
    {attribute}
    public static Policy {name}() =>
        {body};
}}
";
        string path = Path.Combine(Folder, name + ".cs");
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Folder);
            File.WriteAllText(path, code, new UTF8Encoding(false));
        }

        return (path, code);
    }
}
