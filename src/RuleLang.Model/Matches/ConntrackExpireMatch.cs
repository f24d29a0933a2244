namespace RuleLang.Model.Matches;

/// <summary>
/// -m conntrack --ctexpire MIN[:MAX]: the connection's remaining lifetime, in whole seconds (the kernel rounds
/// down), from MIN to MAX inclusive. Fails on a packet without a connection, negated or not.
/// </summary>
public sealed record ConntrackExpireMatch(uint Min, uint Max, bool Negated = false) : Match
{
    /// <summary>As iptables-save prints it: MIN alone when MIN equals MAX, else MIN:MAX.</summary>
    public string Range => Min == Max ? Min.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{Min}:{Max}";
}
