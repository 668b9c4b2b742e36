namespace Dataspace.Conformance.Reports;

/// <summary>Counts of a run's outcomes.</summary>
public sealed record ReportSummary(int Total, int Passed, int Failed, int Errors)
{
    /// <summary>Counts the outcomes of <paramref name="run"/>.</summary>
    public static ReportSummary Of(ConformanceRunResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return Of(run.Checks);
    }

    /// <summary>Counts the outcomes of some checks.</summary>
    public static ReportSummary Of(IReadOnlyCollection<CheckResult> checks)
    {
        ArgumentNullException.ThrowIfNull(checks);
        return new ReportSummary(
            checks.Count,
            checks.Count(c => c.Outcome == CheckOutcome.Passed),
            checks.Count(c => c.Outcome == CheckOutcome.Failed),
            checks.Count(c => c.Outcome == CheckOutcome.Error));
    }
}
