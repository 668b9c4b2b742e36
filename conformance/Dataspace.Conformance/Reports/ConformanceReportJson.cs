using System.Globalization;
using System.Text.Json.Nodes;

namespace Dataspace.Conformance.Reports;

/// <summary>
/// The JSON report of a run. Field names are stable (documented in <c>docs/conformance.md</c>): <c>suiteVersion</c>,
/// <c>target</c>, <c>profiles</c>, <c>startedAt</c>, <c>durationMs</c>, <c>passed</c>, <c>summary</c> and
/// <c>checks</c>, each check with <c>id</c>, <c>name</c>, <c>profile</c>, <c>verifies</c>, <c>outcome</c>
/// (<c>passed</c>, <c>failed</c>, <c>error</c>), <c>reason</c>, <c>durationMs</c> and <c>exchanges</c>.
/// </summary>
public static class ConformanceReportJson
{
    /// <summary>The report's format version, written as <c>reportFormat</c>.</summary>
    public const string Format = "dataspace-conformance-report/1";

    /// <summary>The report of <paramref name="run"/> as a JSON object.</summary>
    public static JsonObject Create(ConformanceRunResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var summary = ReportSummary.Of(run);
        return new JsonObject
        {
            ["reportFormat"] = Format,
            ["suiteVersion"] = run.SuiteVersion,
            ["target"] = run.Target,
            ["profiles"] = new JsonArray([.. run.Profiles.Select(p => (JsonNode?)JsonValue.Create(p))]),
            ["startedAt"] = Timestamp(run.StartedAt),
            ["durationMs"] = Milliseconds(run.Duration),
            ["passed"] = run.Passed,
            ["summary"] = new JsonObject
            {
                ["total"] = summary.Total,
                ["passed"] = summary.Passed,
                ["failed"] = summary.Failed,
                ["error"] = summary.Errors,
            },
            ["checks"] = new JsonArray([.. run.Checks.Select(c => (JsonNode?)Check(c))]),
        };
    }

    /// <summary>The outcome as written in reports: <c>passed</c>, <c>failed</c> or <c>error</c>.</summary>
    public static string OutcomeName(CheckOutcome outcome) => outcome switch
    {
        CheckOutcome.Passed => "passed",
        CheckOutcome.Failed => "failed",
        _ => "error",
    };

    internal static string Timestamp(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    // Rounded so that the canonical form (and so the digest) does not depend on how a reader prints doubles.
    internal static double Milliseconds(TimeSpan duration) => Math.Round(duration.TotalMilliseconds, 1);

    private static JsonObject Check(CheckResult check) => new()
    {
        ["id"] = check.Id,
        ["name"] = check.Name,
        ["profile"] = check.Profile,
        ["verifies"] = check.Verifies,
        ["outcome"] = OutcomeName(check.Outcome),
        ["reason"] = check.Reason,
        ["durationMs"] = Milliseconds(check.Duration),
        ["exchanges"] = new JsonArray([.. check.Exchanges.Select(e => (JsonNode?)new JsonObject
        {
            ["direction"] = e.Direction,
            ["method"] = e.Method,
            ["url"] = e.Url,
            ["status"] = e.Status,
            ["requestBody"] = e.RequestBody,
            ["responseBody"] = e.ResponseBody,
            ["at"] = Timestamp(e.At),
        })]),
    };
}
