using System.Text;

namespace RuleLang.Backends.Iptables;

/// <summary>
/// Quotes a user string the way iptables-save does (xtables_save_string), so that restore reads back exactly
/// the text and save prints it again byte for byte. Line breaks never get here: the checker rejects them,
/// and the formatter refuses them as a last line of defence.
/// </summary>
public static class SaveString
{
    public static void Append(StringBuilder output, string value)
    {
        if (value.Length > 0 && IsPlain(value))
        {
            output.Append(value);
            return;
        }
        output.Append('"');
        foreach (char c in value)
        {
            if (c is '"' or '\\' or '\'')
            {
                output.Append('\\');
            }
            output.Append(c);
        }
        output.Append('"');
    }

    private static bool IsPlain(string value)
    {
        foreach (char c in value)
        {
            bool plain = c is '_' or '-' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            if (!plain)
            {
                return false;
            }
        }
        return true;
    }
}
