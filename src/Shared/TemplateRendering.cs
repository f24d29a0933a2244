using System;
using System.IO;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Text;
using Scriban;
using Scriban.Runtime;
using Scriban.Syntax;

namespace RuleLang.Backends;

/// <summary>
/// What both text back ends need from Scriban: an embedded template parsed once, a context without Scriban's
/// safety limits (a large cluster's output is tens of megabytes), rule lines streamed in blocks, and the
/// printer's own refusals surfacing as thrown rather than wrapped as template errors.
/// </summary>
internal static class TemplateRendering
{
    // Rule lines reach the output in blocks of about this many characters, not one write per line.
    public const int BlockSize = 1 << 15;

    /// <summary>The version every emitted file's header names (the back ends share one version).</summary>
    public static string ToolVersion { get; } =
        typeof(TemplateRendering).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public static Template Load(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Template {name} is not embedded.");
        using var reader = new StreamReader(stream);
        var template = Template.Parse(reader.ReadToEnd(), name);
        if (template.HasErrors)
        {
            throw new InvalidOperationException($"Template {name}: {string.Join("; ", template.Messages)}");
        }
        return template;
    }

    public static StringBuilder NewBlock() => new(BlockSize + 512);

    /// <summary>Writes the block to the output once it is full (or always, when <paramref name="force"/>).</summary>
    public static void Flush(TemplateContext context, StringBuilder block, bool force = false)
    {
        if (block.Length < BlockSize && !force)
        {
            return;
        }
        // TextWriterOutput writes through at once, so going to its writer keeps the order and spares a string.
        if (context.Output is TextWriterOutput { Writer: { } writer })
        {
            writer.Write(block);
        }
        else
        {
            context.Write(block.ToString());
        }
        block.Clear();
    }

    public static void Render(Template template, ScriptObject model, TextWriter output)
    {
        // No limits: Scriban would otherwise stop a large output at 1 MB or its loops at 1000 items.
        var context = new TemplateContext { StrictVariables = true, NewLine = "\n", LoopLimit = 0, LimitToString = 0 };
        context.PushOutput(new TextWriterOutput(output));
        context.PushGlobal(model);
        try
        {
            template.Render(context);
        }
        catch (ScriptRuntimeException ex) when (ex.InnerException is InvalidOperationException refusal)
        {
            // The printer's own refusal, not a template fault: let it surface as it was thrown.
            ExceptionDispatchInfo.Capture(refusal).Throw();
        }
        output.Flush();
    }
}
