using System.Net;
using System.Net.Sockets;

namespace RuleLang.Analysis.Trace;

/// <summary>Addresses and ports as the trace prints them: 10.0.0.1:80, [2001:db8::1]:80.</summary>
internal static class Endpoints
{
    public static string Format(IPAddress address, string? port)
    {
        string text = address.ToString();
        if (port is null)
        {
            return text;
        }
        return address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{text}]:{port}" : $"{text}:{port}";
    }
}
