namespace RuleLang.Text;

/// <summary>
/// Reads a file named by an include, resolved against the including file's path. Either method may throw
/// <see cref="RlIncludeRefusedException"/> to refuse the file with a diagnostic of its own.
/// </summary>
public interface IRlSourceResolver
{
    /// <summary>The full path of <paramref name="includePath"/> written in <paramref name="fromFile"/>.</summary>
    string Resolve(string fromFile, string includePath);

    bool TryRead(string resolvedPath, out string text);
}
