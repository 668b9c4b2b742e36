namespace Dataspace.Conformance;

/// <summary>Outcome of one check.</summary>
public enum CheckOutcome
{
    /// <summary>The target conforms.</summary>
    Passed,
    /// <summary>The target violated what the check verifies.</summary>
    Failed,
    /// <summary>The check could not run (e.g. a configuration key it needs is missing or malformed, or the suite broke); counts against a full pass.</summary>
    Error,
}

/// <summary>Result of one check in a run.</summary>
public sealed record CheckResult(
    string Id, string Name, string Profile, string Verifies, CheckOutcome Outcome, string? Reason, TimeSpan Duration,
    IReadOnlyList<RecordedExchange> Exchanges);

/// <summary>Result of a run.</summary>
public sealed record ConformanceRunResult(
    string SuiteVersion, string Target, IReadOnlyList<string> Profiles, DateTimeOffset StartedAt, TimeSpan Duration,
    IReadOnlyList<CheckResult> Checks)
{
    /// <summary>Whether every check passed.</summary>
    public bool Passed => Checks.Count > 0 && Checks.All(c => c.Outcome == CheckOutcome.Passed);
}
