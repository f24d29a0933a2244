namespace RuleLang.Model.Netfilter;

public enum IpFamily
{
    IPv4,
    IPv6,
}
