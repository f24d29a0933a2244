using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace RuleLang.Cli;

/// <summary>`--confirm 30s`: a period in seconds or minutes (a bare number is seconds), from 1 s to 1 h.</summary>
public static class ConfirmPeriod
{
    private static readonly Regex Form = new(@"^(?<n>[0-9]{1,5})(?<unit>s|m)?$", RegexOptions.CultureInvariant);

    public static bool TryParse(string text, out TimeSpan period)
    {
        period = default;
        var match = Form.Match(text.Trim());
        if (!match.Success)
        {
            return false;
        }
        int n = int.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
        period = match.Groups["unit"].Value == "m" ? TimeSpan.FromMinutes(n) : TimeSpan.FromSeconds(n);
        return period >= TimeSpan.FromSeconds(1) && period <= TimeSpan.FromHours(1);
    }
}
