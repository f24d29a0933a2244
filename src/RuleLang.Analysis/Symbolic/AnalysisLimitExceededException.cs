namespace RuleLang.Analysis.Symbolic;

/// <summary>
/// The analysis made more boxes than its budget allows (a policy with thousands of overlapping narrow rules);
/// callers report the question as undecided instead of running without end.
/// </summary>
public sealed class AnalysisLimitExceededException : System.Exception
{
    public AnalysisLimitExceededException(long limit)
        : base("the symbolic analysis went past its limit of " + limit.ToString(System.Globalization.CultureInfo.InvariantCulture) + " boxes")
    {
    }
}
