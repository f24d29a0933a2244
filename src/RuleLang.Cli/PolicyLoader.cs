using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;

namespace RuleLang.Cli;

/// <summary>
/// Finds the policies in a built assembly: every public, non-abstract PolicyDefinition with a parameterless
/// constructor. The user's assembly gets a load context of its own, but RuleLang's assemblies are shared
/// with this tool so that its PolicyDefinition is ours.
/// </summary>
public static class PolicyLoader
{
    /// <param name="onlyPolicy">When given, only the policy of that name is built (its class is still found by name).</param>
    public static IReadOnlyList<LoadedPolicy> Load(string assemblyPath, string? onlyPolicy, List<PolicyDiagnostic> diagnostics)
    {
        string fullPath = Path.GetFullPath(assemblyPath);
        var context = new PolicyLoadContext(fullPath);
        var assembly = context.LoadFromAssemblyPath(fullPath);
        var policies = new List<LoadedPolicy>();
        int reportedBefore = diagnostics.Count;
        var where = new SourceLocation(fullPath, 0, 0);
        foreach (var type in PolicyTypes(assembly))
        {
            try
            {
                var definition = (PolicyDefinition)Activator.CreateInstance(type)!;
                if (onlyPolicy != null && definition.Name != onlyPolicy)
                {
                    continue;
                }
                if (definition is TextPolicyDefinition text)
                {
                    // A .rl policy's mistakes are diagnostics at their line in the .rl file, not a failed build.
                    var parsed = text.Parse();
                    diagnostics.AddRange(parsed.Diagnostics);
                    if (parsed.Policy != null && !parsed.Diagnostics.Any(d => d.IsError))
                    {
                        policies.Add(new LoadedPolicy(type.FullName!, parsed.Policy));
                    }
                    continue;
                }
                policies.Add(new LoadedPolicy(type.FullName!, definition.Build()));
            }
            catch (Exception ex)
            {
                var inner = ex is TargetInvocationException { InnerException: { } cause } ? cause : ex;
                diagnostics.Add(PolicyDiagnostic.Create(DiagnosticCatalog.PolicyBuildFailed, where, type.FullName!, $"{inner.GetType().Name}: {inner.Message.TrimEnd('.', ' ')}"));
            }
        }
        if (policies.Count == 0 && diagnostics.Count == reportedBefore && onlyPolicy is null)
        {
            diagnostics.Add(PolicyDiagnostic.Create(DiagnosticCatalog.NoPolicies, where, Path.GetFileName(fullPath)));
        }
        return policies;
    }

    /// <summary>
    /// The generator's registry when the assembly has one (no guessing: the classes the compiler saw), else every
    /// exported policy class, for assemblies built without the generator. Both in ordinal order of full names.
    /// </summary>
    private static IEnumerable<Type> PolicyTypes(Assembly assembly)
    {
        if (assembly.GetCustomAttribute<PolicyRegistryAttribute>() is { } registry
            && registry.RegistryType.GetProperty("Types", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)?.GetValue(null) is IEnumerable<Type> types)
        {
            return types.Where(IsPolicyClass).ToArray();
        }
        return ExportedTypes(assembly).Where(IsPolicyClass).OrderBy(t => t.FullName, StringComparer.Ordinal).ToArray();
    }

    private static IEnumerable<Type> ExportedTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetExportedTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            return ex.Types.Where(t => t != null)!;
        }
    }

    private static bool IsPolicyClass(Type type) =>
        !type.IsAbstract && typeof(PolicyDefinition).IsAssignableFrom(type) && type.GetConstructor(Type.EmptyTypes) != null;

    private sealed class PolicyLoadContext : AssemblyLoadContext
    {
        private readonly AssemblyDependencyResolver _resolver;

        public PolicyLoadContext(string path)
            : base("policies:" + path, isCollectible: false) => _resolver = new AssemblyDependencyResolver(path);

        protected override Assembly? Load(AssemblyName name)
        {
            if (name.Name is { } simple && (simple == "RuleLang" || simple.StartsWith("RuleLang.", StringComparison.Ordinal)))
            {
                return null;
            }
            string? path = _resolver.ResolveAssemblyToPath(name);
            return path is null ? null : LoadFromAssemblyPath(path);
        }
    }
}
