namespace RuleLang.KernelTests.Harness;

/// <summary>Address family selecting iptables vs ip6tables, TCP4 vs TCP6, ...</summary>
public enum IpFamily
{
    V4,
    V6,
}

public static class IpFamilyExtensions
{
    /// <summary>IPv6 when the address (optionally with /prefix or [brackets]) contains a colon.</summary>
    public static IpFamily FamilyOf(string address) => address.Contains(':') ? IpFamily.V6 : IpFamily.V4;
}
