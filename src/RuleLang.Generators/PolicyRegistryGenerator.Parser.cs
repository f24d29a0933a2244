using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using RuleLang.Generators.Models;

namespace RuleLang.Generators;

public sealed partial class PolicyRegistryGenerator
{
    /// <summary>From syntax and symbols to specs: which classes are policies, in what order, under what names.</summary>
    internal static class Parser
    {
        public const string AccessibilityProperty = "build_property.RuleLangGeneratedAccessibility";

        private const string PolicySuffix = "Policy";

        /// <summary>Names a handle may not take: the enclosing class, and what every class inherits from object.</summary>
        private static readonly HashSet<string> ReservedNames = new(StringComparer.Ordinal)
        {
            "Policies", "Equals", "GetHashCode", "GetType", "ToString", "ReferenceEquals", "MemberwiseClone", "Finalize",
        };

        /// <summary>The syntactic filter, run on every node: only a class with a base list can derive from PolicyDefinition.</summary>
        public static bool IsCandidate(SyntaxNode node) => node is ClassDeclarationSyntax { BaseList: not null };

        /// <summary>
        /// A spec for a class the build tool would load: non-abstract, not generic, public all the way out (the CLI
        /// takes exported types), with a public parameterless constructor, deriving from RuleLang.PolicyDefinition.
        /// </summary>
        public static PolicySpec? Parse(GeneratorSyntaxContext context, CancellationToken cancellation)
        {
            if (context.SemanticModel.GetDeclaredSymbol(context.Node, cancellation) is not INamedTypeSymbol type
                || type.IsAbstract
                || type.IsStatic
                || !IsExported(type)
                || !HasPublicParameterlessConstructor(type)
                || !DerivesFromPolicyDefinition(type, cancellation))
            {
                return null;
            }
            return new PolicySpec(
                FullName(type),
                type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                HandleBase(type.Name));
        }

        public static bool IsPublic(AnalyzerConfigOptions options) =>
            !(options.TryGetValue(AccessibilityProperty, out var value) && string.Equals(value.Trim(), "internal", StringComparison.OrdinalIgnoreCase));

        /// <summary>
        /// The registry: one spec per class (a partial class is found once per part with a base list; a .rl file's
        /// class comes from <see cref="TextParser"/>), ordered by
        /// full name, ordinal, as the CLI orders policies; handles named after the class, and where two classes
        /// would share a name, after their full names.
        /// </summary>
        public static RegistrySpec Registry(ImmutableArray<PolicySpec> found, ImmutableArray<PolicySpec> fromText, bool isPublic, CancellationToken cancellation)
        {
            var byName = new SortedDictionary<string, PolicySpec>(StringComparer.Ordinal);
            foreach (var spec in found.Concat(fromText))
            {
                cancellation.ThrowIfCancellationRequested();
                byName[spec.FullName] = spec;
            }
            var baseCounts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var spec in byName.Values)
            {
                baseCounts[spec.HandleBase] = baseCounts.TryGetValue(spec.HandleBase, out var n) ? n + 1 : 1;
            }
            var taken = new HashSet<string>(StringComparer.Ordinal);
            var handles = ImmutableArray.CreateBuilder<PolicyHandleSpec>(byName.Count);
            foreach (var spec in byName.Values)
            {
                cancellation.ThrowIfCancellationRequested();
                string name = baseCounts[spec.HandleBase] > 1 ? Identifier(spec.FullName) : spec.HandleBase;
                string unique = name;
                for (int i = 2; !taken.Add(unique); i++)
                {
                    unique = name + "_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                handles.Add(new PolicyHandleSpec(Escape(unique), spec.TypeName));
            }
            return new RegistrySpec(new EquatableArray<PolicyHandleSpec>(handles.MoveToImmutable()), isPublic);
        }

        private static bool IsExported(INamedTypeSymbol type)
        {
            for (var current = type; current != null; current = current.ContainingType)
            {
                if (current.DeclaredAccessibility != Accessibility.Public || current.TypeParameters.Length > 0)
                {
                    return false;
                }
            }
            return true;
        }

        private static bool HasPublicParameterlessConstructor(INamedTypeSymbol type)
        {
            foreach (var constructor in type.InstanceConstructors)
            {
                if (constructor.Parameters.Length == 0 && constructor.DeclaredAccessibility == Accessibility.Public)
                {
                    return true;
                }
            }
            return false;
        }

        private static bool DerivesFromPolicyDefinition(INamedTypeSymbol type, CancellationToken cancellation)
        {
            for (var current = type.BaseType; current != null; current = current.BaseType)
            {
                cancellation.ThrowIfCancellationRequested();
                if (current is { Name: "PolicyDefinition", ContainingType: null, ContainingNamespace: { Name: "RuleLang", ContainingNamespace.IsGlobalNamespace: true } })
                {
                    return true;
                }
            }
            return false;
        }

        /// <summary><c>Type.FullName</c>'s form: namespace, then nested types joined by '+'.</summary>
        private static string FullName(INamedTypeSymbol type)
        {
            var nested = new List<string>();
            for (var current = type; current != null; current = current.ContainingType)
            {
                nested.Add(current.MetadataName);
            }
            nested.Reverse();
            string names = string.Join("+", nested);
            return type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." + names : names;
        }

        private static string HandleBase(string className)
        {
            string name = className.Length > PolicySuffix.Length && className.EndsWith(PolicySuffix, StringComparison.Ordinal)
                ? className.Substring(0, className.Length - PolicySuffix.Length)
                : className;
            if (ReservedNames.Contains(name))
            {
                name = className;
            }
            return ReservedNames.Contains(name) ? name + PolicySuffix : name;
        }

        /// <summary>A full name as one identifier: Contoso.Edge.WebPolicy → Contoso_Edge_WebPolicy.</summary>
        private static string Identifier(string fullName)
        {
            var builder = new StringBuilder(fullName.Length);
            foreach (char c in fullName)
            {
                builder.Append(c is '.' or '+' ? '_' : c);
            }
            return builder.ToString();
        }

        private static string Escape(string identifier) =>
            SyntaxFacts.GetKeywordKind(identifier) != SyntaxKind.None ? "@" + identifier : identifier;
    }
}
