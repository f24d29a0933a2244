using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using RuleLang.Checker;
using RuleLang.Generators.Models;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;
using RuleLang.Text;
using RuleLang.Text.Sources;

namespace RuleLang.Generators;

public sealed partial class PolicyRegistryGenerator
{
    /// <summary>
    /// From .rl files to specs: parse with RlParser, check with the checker, name the handle class, and turn every
    /// diagnostic's line and column into a span of the file. No file I/O: includes are looked up among the
    /// project's AdditionalFiles.
    /// </summary>
    internal static class TextParser
    {
        public const string Extension = ".rl";

        public const string RootNamespaceProperty = "build_property.RootNamespace";

        public const string ProjectDirectoryProperty = "build_property.MSBuildProjectDirectory";

        public const string IncludeDirsProperty = "build_property.RuleLangIncludeDirs";

        private const string PolicySuffix = "Policy";

        /// <summary>Member names the static Definitions class may not take (its own name, and object's statics).</summary>
        private static readonly HashSet<string> ReservedMembers = new(StringComparer.Ordinal)
        {
            "Definitions", "Equals", "ReferenceEquals", "GetHashCode", "GetType", "ToString", "MemberwiseClone", "Finalize",
        };

        public static bool IsRlFile(AdditionalText file) => file.Path.EndsWith(Extension, StringComparison.OrdinalIgnoreCase);

        public static RlFileSpec Read(AdditionalText file, CancellationToken cancellation) =>
            new(file.Path, file.GetText(cancellation)?.ToString() ?? "");

        /// <summary>The files in path order, each path once (a file listed twice as an AdditionalFile is one policy).</summary>
        public static EquatableArray<RlFileSpec> All(ImmutableArray<RlFileSpec> files)
        {
            var byPath = new SortedDictionary<string, RlFileSpec>(StringComparer.Ordinal);
            foreach (var file in files)
            {
                byPath[file.Path] = file;
            }
            return new EquatableArray<RlFileSpec>(byPath.Values.ToImmutableArray());
        }

        public static ImmutableArray<TextPolicySpec> ParseAll(EquatableArray<RlFileSpec> all, TextPolicySettings settings, CancellationToken cancellation)
        {
            var parsed = new List<TextPolicySpec>(all.Count);
            foreach (var file in all)
            {
                cancellation.ThrowIfCancellationRequested();
                parsed.Add(Parse(file, all, settings, cancellation));
            }

            // A file with no policy line that another file includes is a library of definitions and rules: it gets
            // no class of its own, and its mistakes are reported once, through the first file (in path order) that
            // includes it. An included file that names a policy is a policy of its own too, and reports its own
            // mistakes: an includer leaves out those it would only repeat.
            var includedPaths = new HashSet<string>(parsed.SelectMany(spec => spec.Included.Select(f => f.Path)), StringComparer.Ordinal);
            var libraries = new HashSet<string>(
                parsed.Where(spec => includedPaths.Contains(spec.Source.Path)
                        && spec.Diagnostics.Any(d => d.Id == DiagnosticCatalog.RlMissingPolicyLine.Id && d.Location.FilePath == spec.Source.Path))
                    .Select(spec => spec.Source.Path),
                StringComparer.Ordinal);
            var ownDiagnostics = parsed.ToDictionary(spec => spec.Source.Path, spec => new HashSet<DiagnosticSpec>(spec.Diagnostics), StringComparer.Ordinal);
            var reportedInLibraries = new HashSet<DiagnosticSpec>();
            var specs = ImmutableArray.CreateBuilder<TextPolicySpec>(parsed.Count - libraries.Count);
            foreach (var spec in parsed.Where(spec => !libraries.Contains(spec.Source.Path)))
            {
                var kept = spec.Diagnostics
                    .Where(d => d.Location.FilePath == spec.Source.Path
                        || (libraries.Contains(d.Location.FilePath)
                            ? reportedInLibraries.Add(d)
                            : !ownDiagnostics.TryGetValue(d.Location.FilePath, out var own) || !own.Contains(d)))
                    .ToImmutableArray();
                specs.Add(kept.Length == spec.Diagnostics.Count ? spec : spec with { Diagnostics = new EquatableArray<DiagnosticSpec>(kept) });
            }
            return specs.MoveToImmutable();
        }

        public static TextPolicySettings Settings(AnalyzerConfigOptions options)
        {
            options.TryGetValue(RootNamespaceProperty, out var ns);
            return new TextPolicySettings(IsNamespace(ns?.Trim()) ? ns!.Trim() : "", Parser.IsPublic(options), IncludeFolders(options));
        }

        /// <summary>The project folder and the RuleLangIncludeDirs (';'-separated, relative ones against the project folder).</summary>
        private static EquatableArray<string> IncludeFolders(AnalyzerConfigOptions options)
        {
            if (!options.TryGetValue(ProjectDirectoryProperty, out var project) || string.IsNullOrWhiteSpace(project))
            {
                return new EquatableArray<string>(ImmutableArray<string>.Empty);
            }
            project = project.Trim();
            var folders = new List<string> { project };
            if (options.TryGetValue(IncludeDirsProperty, out var dirs) && dirs != null)
            {
                folders.AddRange(dirs.Split(';').Select(d => d.Trim()).Where(d => d.Length > 0)
                    .Select(d => RlIncludePaths.Resolve(project.TrimEnd('/', '\\') + "/.", d)));
            }
            return new EquatableArray<string>(folders.Select(f => RlIncludePaths.Normalize(f, Separator(f))).Distinct(StringComparer.Ordinal).ToImmutableArray());
        }

        public static TextPolicySpec Parse(RlFileSpec file, EquatableArray<RlFileSpec> all, TextPolicySettings settings, CancellationToken cancellation)
        {
            var sources = new AdditionalFileSources(all, settings.IncludeFolders);
            var result = RlParser.Parse(file.Text, file.Path, sources);
            cancellation.ThrowIfCancellationRequested();

            var diagnostics = new List<PolicyDiagnostic>(result.Diagnostics);
            if (result.Policy != null)
            {
                diagnostics.AddRange(PolicyChecker.Check(result.Policy));
            }
            cancellation.ThrowIfCancellationRequested();

            var included = result.IncludedFiles
                .Select(path => sources.Find(path))
                .Where(found => found != null && found.Path != file.Path)
                .Select(found => found!)
                .Distinct()
                .ToImmutableArray();
            var texts = new[] { file }.Concat(included).ToArray();
            var located = diagnostics
                .Select(d => new DiagnosticSpec(d.Id, d.Message, Locate(d.Location, file, texts)))
                .Distinct()
                .ToImmutableArray();

            return new TextPolicySpec(
                settings.Namespace,
                ClassName(file, all),
                result.Policy?.Name ?? Stem(file.Path),
                settings.IsPublic,
                file,
                new EquatableArray<RlFileSpec>(included),
                Definitions(result.Definitions),
                new EquatableArray<DiagnosticSpec>(located));
        }

        /// <summary>The handle's registry entry, as a C# policy class would have it.</summary>
        public static PolicySpec Handle(TextPolicySpec spec) =>
            new(spec.FullName, spec.TypeName, spec.ClassName.Substring(0, spec.ClassName.Length - PolicySuffix.Length) is { Length: > 0 } name ? name : spec.ClassName);

        /// <summary>
        /// The class is named after the file, not the policy line, so that it keeps its name while the file is
        /// being edited and does not parse: C# code that uses its definitions does not light up with errors on
        /// every keystroke. Two files with one stem get 2, 3, … in path order.
        /// </summary>
        private static string ClassName(RlFileSpec file, EquatableArray<RlFileSpec> all)
        {
            var taken = new HashSet<string>(StringComparer.Ordinal);
            foreach (var other in all)
            {
                string name = BaseClassName(other.Path);
                string unique = name;
                for (int i = 2; !taken.Add(unique); i++)
                {
                    unique = name.Substring(0, name.Length - PolicySuffix.Length) + i.ToString(CultureInfo.InvariantCulture) + PolicySuffix;
                }
                if (other.Path == file.Path)
                {
                    return unique;
                }
            }
            return BaseClassName(file.Path);
        }

        private static string BaseClassName(string path)
        {
            string name = Pascal(Stem(path));
            if (name.Length == 0)
            {
                name = "Text";
            }
            if (char.IsDigit(name[0]))
            {
                name = "_" + name;
            }
            return name.EndsWith(PolicySuffix, StringComparison.Ordinal) && name.Length > PolicySuffix.Length ? name : name + PolicySuffix;
        }

        private static EquatableArray<RlDefinitionSpec> Definitions(IReadOnlyList<RlDefinition> definitions)
        {
            var taken = new HashSet<string>(StringComparer.Ordinal);
            var specs = ImmutableArray.CreateBuilder<RlDefinitionSpec>(definitions.Count);
            foreach (var definition in definitions)
            {
                string name = Pascal(definition.Name);
                if (name.Length == 0 || char.IsDigit(name[0]))
                {
                    name = "_" + name;
                }
                if (ReservedMembers.Contains(name))
                {
                    name += "_";
                }
                string unique = name;
                for (int i = 2; !taken.Add(unique); i++)
                {
                    unique = name + "_" + i.ToString(CultureInfo.InvariantCulture);
                }
                specs.Add(new RlDefinitionSpec(
                    unique,
                    definition.Name,
                    definition.Kind,
                    new EquatableArray<string>(definition.Addresses.ToImmutableArray()),
                    new EquatableArray<Model.Values.PortSpan>(definition.Ports.ToImmutableArray())));
            }
            return new EquatableArray<RlDefinitionSpec>(specs.MoveToImmutable());
        }

        /// <summary>
        /// A line and column (1-based; column 0 for "the line") as a span: from the column to the end of the word
        /// there, so the IDE underlines the offending token; a location without a line is the file's first character.
        /// </summary>
        private static LocationInfo Locate(SourceLocation location, RlFileSpec file, IReadOnlyList<RlFileSpec> texts)
        {
            var target = texts.FirstOrDefault(t => SamePath(t.Path, location.File)) ?? file;
            var text = SourceText.From(target.Text);
            if (!location.IsKnown || location.Line > text.Lines.Count)
            {
                return new LocationInfo(target.Path, new TextSpan(0, 0), new LinePositionSpan(new LinePosition(0, 0), new LinePosition(0, 0)));
            }
            var line = text.Lines[location.Line - 1];
            string lineText = line.ToString();
            int column = location.Column > 0 ? Math.Min(location.Column - 1, lineText.Length) : FirstNonBlank(lineText);
            int end = column;
            while (end < lineText.Length && !char.IsWhiteSpace(lineText[end]))
            {
                end++;
            }
            var start = new LinePosition(location.Line - 1, column);
            return new LocationInfo(
                target.Path,
                TextSpan.FromBounds(line.Start + column, line.Start + end),
                new LinePositionSpan(start, new LinePosition(location.Line - 1, end)));
        }

        private static int FirstNonBlank(string line)
        {
            int i = 0;
            while (i < line.Length && char.IsWhiteSpace(line[i]))
            {
                i++;
            }
            return i;
        }

        private static char Separator(string path) => path.IndexOf('\\') >= 0 && path.IndexOf('/') < 0 ? '\\' : '/';

        private static bool SamePath(string a, string b) =>
            string.Equals(RlIncludePaths.Normalize(a), RlIncludePaths.Normalize(b), StringComparison.Ordinal);

        private static string Stem(string path)
        {
            int slash = path.LastIndexOfAny(new[] { '/', '\\' });
            string name = path.Substring(slash + 1);
            return name.EndsWith(Extension, StringComparison.OrdinalIgnoreCase) ? name.Substring(0, name.Length - Extension.Length) : name;
        }

        /// <summary>web-server → WebServer, office_v6 → OfficeV6: words split at anything but a letter or digit.</summary>
        private static string Pascal(string name)
        {
            var builder = new StringBuilder(name.Length);
            bool upper = true;
            foreach (char c in name)
            {
                if (!char.IsLetterOrDigit(c))
                {
                    upper = true;
                    continue;
                }
                builder.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }
            return builder.ToString();
        }

        private static bool IsNamespace(string? value)
        {
            if (string.IsNullOrEmpty(value))
            {
                return false;
            }
            foreach (string part in value!.Split('.'))
            {
                if (!SyntaxFacts.IsValidIdentifier(part) || SyntaxFacts.GetKeywordKind(part) != SyntaxKind.None)
                {
                    return false;
                }
            }
            return true;
        }

        /// <summary>
        /// Includes resolved among the AdditionalFiles the compiler was given, never from the disk, and only inside the
        /// project folder or a RuleLangIncludeDirs folder: an AdditionalFile listed from elsewhere is not includable
        /// by accident (RL0701).
        /// </summary>
        private sealed class AdditionalFileSources : IRlSourceResolver
        {
            private readonly Dictionary<string, RlFileSpec> _byPath = new(StringComparer.Ordinal);
            private readonly EquatableArray<string> _folders;

            public AdditionalFileSources(EquatableArray<RlFileSpec> files, EquatableArray<string> folders)
            {
                _folders = folders;
                foreach (var file in files)
                {
                    _byPath[RlIncludePaths.Normalize(file.Path, Separator(file.Path))] = file;
                }
            }

            public string Resolve(string fromFile, string includePath)
            {
                string resolved = RlIncludePaths.Resolve(fromFile, includePath);
                if (_folders.Count > 0 && !_folders.Any(folder => IsInside(resolved, folder)))
                {
                    throw new RlIncludeRefusedException(PolicyDiagnostic.Create(
                        DiagnosticCatalog.IncludeOutsideAllowedFolders, SourceLocation.None, includePath, resolved, string.Join(", ", _folders)));
                }
                return resolved;
            }

            private static bool IsInside(string path, string folder)
            {
                string trimmed = folder.TrimEnd('/', '\\');
                return path.StartsWith(trimmed + "/", StringComparison.Ordinal) || path.StartsWith(trimmed + "\\", StringComparison.Ordinal);
            }

            public bool TryRead(string resolvedPath, out string text)
            {
                if (_byPath.TryGetValue(resolvedPath, out var file))
                {
                    text = file.Text;
                    return true;
                }
                text = "";
                return false;
            }

            public RlFileSpec? Find(string resolvedPath) => _byPath.TryGetValue(resolvedPath, out var file) ? file : null;

        }
    }
}
