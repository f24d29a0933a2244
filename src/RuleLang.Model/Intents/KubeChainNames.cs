using System.Text;

namespace RuleLang.Model.Intents;

/// <summary>
/// kube-proxy's chain names: a prefix and the first 16 characters of the base32 SHA-256 of the service port
/// name and protocol (and the endpoint, for KUBE-SEP; KUBE-SVC, KUBE-SVL, KUBE-EXT and KUBE-FW of one service port share the hash). Stable across runs and machines, and identical to the
/// names kube-proxy itself would program.
/// </summary>
public static class KubeChainNames
{
    private const string Base32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public static string Service(string servicePortName, string protocol) => "KUBE-SVC-" + Hash(servicePortName + protocol);

    public static string External(string servicePortName, string protocol) => "KUBE-EXT-" + Hash(servicePortName + protocol);

    /// <summary>KUBE-SVL-…: the endpoints on this node, for Local traffic policy.</summary>
    public static string LocalPolicy(string servicePortName, string protocol) => "KUBE-SVL-" + Hash(servicePortName + protocol);

    /// <summary>KUBE-FW-…: the load balancer source ranges.</summary>
    public static string Firewall(string servicePortName, string protocol) => "KUBE-FW-" + Hash(servicePortName + protocol);

    /// <summary>
    /// KUBE-SVC, KUBE-SVL, KUBE-EXT and KUBE-FW of one service port at once: they share one hash, and lowering a
    /// large cluster otherwise hashes every service port's name four times.
    /// </summary>
    public static ServicePortChains ServicePortChains(string servicePortName, string protocol)
    {
        string hash = Hash(servicePortName + protocol);
        return new ServicePortChains("KUBE-SVC-" + hash, "KUBE-SVL-" + hash, "KUBE-EXT-" + hash, "KUBE-FW-" + hash);
    }

    public static string Endpoint(string servicePortName, string protocol, string endpoint) =>
        "KUBE-SEP-" + Hash(servicePortName + protocol + endpoint);

    public static string Hash(string text) => Base32(Sha256.Hash(Encoding.UTF8.GetBytes(text)), 16);

    private static string Base32(byte[] data, int length)
    {
        var output = new StringBuilder(length + 8);
        int buffer = 0;
        int bits = 0;
        foreach (byte b in data)
        {
            if (output.Length >= length)
            {
                break;
            }
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5 && output.Length < length)
            {
                output.Append(Base32Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        return output.ToString();
    }
}
