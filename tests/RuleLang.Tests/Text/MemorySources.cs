using System.Collections.Generic;
using RuleLang.Text;

namespace RuleLang.Tests.Text;

/// <summary>Included files held in memory, paths joined with '/', so include tests need no disk.</summary>
public sealed class MemorySources : IRlSourceResolver
{
    private readonly Dictionary<string, string> _files;

    public MemorySources(Dictionary<string, string> files)
    {
        _files = files;
    }

    public List<string> Reads { get; } = new();

    public string Resolve(string fromFile, string includePath)
    {
        int slash = fromFile.LastIndexOf('/');
        return slash < 0 ? includePath : fromFile.Substring(0, slash + 1) + includePath;
    }

    public bool TryRead(string resolvedPath, out string text)
    {
        Reads.Add(resolvedPath);
        return _files.TryGetValue(resolvedPath, out text!);
    }
}
