namespace RuleLang.Analysis.Symbolic;

/// <summary>Counts the boxes an analysis makes and stops it past a limit, so a build never hangs on one.</summary>
public sealed class AnalysisBudget
{
    public const long DefaultLimit = 4_000_000;

    private long _spent;

    public AnalysisBudget(long limit = DefaultLimit) => Limit = limit;

    public long Limit { get; }

    public long Spent => _spent;

    public void Charge(int boxes)
    {
        _spent += boxes;
        if (_spent > Limit)
        {
            throw new AnalysisLimitExceededException(Limit);
        }
    }
}
