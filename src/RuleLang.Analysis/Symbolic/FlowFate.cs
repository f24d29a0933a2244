namespace RuleLang.Analysis.Symbolic;

/// <summary>What happens to a packet, without the rules that made it so: what a diff compares.</summary>
public sealed record FlowFate(FinalVerdict Verdict, Delivery Delivery, string Nat)
{
    public override string ToString()
    {
        string verdict = Verdict switch
        {
            FinalVerdict.Accept => Delivery == Delivery.Forwarded ? "forwarded" : "accepted",
            FinalVerdict.Drop => "dropped",
            _ => "rejected",
        };
        return Nat.Length == 0 ? verdict : verdict + " (" + Nat + ")";
    }
}
