using System;

namespace RuleLang.KernelTests.Harness;

public enum ConnectStatus
{
    /// <summary>Connection made (TCP) or a reply received (UDP); <see cref="ConnectOutcome.Reply"/> holds it.</summary>
    Connected,

    /// <summary>Actively rejected: TCP RST, ICMP port/host/net unreachable or prohibited (REJECT).</summary>
    Refused,

    /// <summary>Nothing came back in time (DROP somewhere), or a local OUTPUT drop (EPERM, see Detail).</summary>
    TimedOut,

    /// <summary>Any other failure; see <see cref="ConnectOutcome.Detail"/>.</summary>
    Failed,
}

/// <summary>Result of one client attempt. <see cref="Reply"/> is the server's reply without the trailing newline.</summary>
public sealed record ConnectOutcome(ConnectStatus Status, string? Reply = null, string? Detail = null)
{
    public static ConnectOutcome Connected(string reply) => new(ConnectStatus.Connected, reply);

    public static ConnectOutcome Refused(string? detail = null) => new(ConnectStatus.Refused, null, detail);

    public static ConnectOutcome TimedOut(string? detail = null) => new(ConnectStatus.TimedOut, null, detail);

    public bool IsConnected => Status == ConnectStatus.Connected;

    public override string ToString() => Status switch
    {
        ConnectStatus.Connected => $"Connected({Reply})",
        _ when string.IsNullOrEmpty(Detail) => Status.ToString(),
        _ => $"{Status} ({Detail})",
    };

    /// <summary>Classifies a failed socat client run (non-zero exit) by its error text.</summary>
    internal static ConnectOutcome FromFailure(int exitCode, string text)
    {
        string detail = text.Trim();
        if (exitCode is 124 or 137)
        {
            return TimedOut(string.IsNullOrEmpty(detail) ? "killed by timeout(1)" : detail);
        }

        if (Has(detail, "Connection refused") || Has(detail, "No route to host") || Has(detail, "Network is unreachable")
            || Has(detail, "Host is unreachable") || Has(detail, "Connection reset by peer") || Has(detail, "Permission denied")
            || Has(detail, "Protocol not available"))
        {
            return Refused(detail);
        }

        if (Has(detail, "timed out") || Has(detail, "Operation not permitted"))
        {
            return TimedOut(detail);
        }

        return new ConnectOutcome(ConnectStatus.Failed, null, $"exit code {exitCode}: {detail}");
    }

    private static bool Has(string text, string what) => text.Contains(what, StringComparison.OrdinalIgnoreCase);
}
