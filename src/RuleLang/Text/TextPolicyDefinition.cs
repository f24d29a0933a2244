using System;
using System.Collections.Generic;
using System.Linq;
using RuleLang.Model;
using RuleLang.Text;

namespace RuleLang;

/// <summary>
/// A policy written as a .rl file. The source generator derives one class per .rl file of a project from this,
/// with the file's text (and the texts it includes) embedded, so the built assembly carries the policy like a C#
/// one and the build tool finds it in the same registry. The text is parsed again when the policy is built, with
/// the file's own path, so every location in the model (and every diagnostic) points into the .rl file.
/// </summary>
public abstract class TextPolicyDefinition : PolicyDefinition
{
    private readonly string _path;
    private readonly string _text;
    private readonly KeyValuePair<string, string>[] _included;

    /// <param name="path">The .rl file's path, as locations should show it.</param>
    /// <param name="text">The .rl file's text.</param>
    /// <param name="included">Every file the text includes, directly or not: its resolved path and its text.</param>
    protected TextPolicyDefinition(string path, string text, IEnumerable<KeyValuePair<string, string>>? included = null)
    {
        _path = path ?? throw new ArgumentNullException(nameof(path));
        _text = text ?? throw new ArgumentNullException(nameof(text));
        _included = included?.ToArray() ?? Array.Empty<KeyValuePair<string, string>>();
    }

    /// <summary>The .rl file this policy was written in.</summary>
    public string SourcePath => _path;

    /// <summary>Parses the text: the policy when it has no error, and every diagnostic, located in the .rl files.</summary>
    public RlParseResult Parse() => RlParser.Parse(_text, _path, new EmbeddedRlSources(_included));

    /// <summary>
    /// The parsed policy. The compiler has already refused a .rl file with errors, so this fails only when an
    /// error was configured away (a severity of none); the build tool calls <see cref="Parse"/> instead and
    /// reports those diagnostics at their lines.
    /// </summary>
    public sealed override Policy Build()
    {
        var result = Parse();
        if (result.Policy is null || result.Diagnostics.Any(d => d.IsError))
        {
            var errors = result.Diagnostics.Where(d => d.IsError).Select(d => d.ToString());
            throw new InvalidOperationException($"{_path} does not parse: {string.Join("; ", errors)}");
        }
        return result.Policy;
    }

    /// <summary>Never called: <see cref="Build"/> takes the policy from the text, not from a builder.</summary>
    protected sealed override void Define(PolicyBuilder p)
    {
    }
}
