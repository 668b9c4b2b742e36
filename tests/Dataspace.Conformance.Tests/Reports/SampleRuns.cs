namespace Dataspace.Conformance.Tests.Reports;

/// <summary>Small real checks and runs of them through the suite's runner, for report and certificate tests.</summary>
internal static class SampleRuns
{
    public const string Target = "http://127.0.0.1:9/api/dsp";

    public static readonly DateTimeOffset StartedAt = new(2026, 11, 23, 18, 0, 0, TimeSpan.Zero);

    public static Task<ConformanceRunResult> RunAsync(params ConformanceCheck[] checks) =>
        new ConformanceRunner(new ConformanceConfiguration([])).RunAsync(checks, Target, CancellationToken.None);

    /// <summary>A run with one check of each outcome across two profiles; its texts carry markup, quotes and a control character.</summary>
    public static Task<ConformanceRunResult> MixedAsync() => RunAsync(
        new SampleCheck("MET:01-01", ConformanceProfiles.Dsp, _ => Task.CompletedTask,
            exchange: new RecordedExchange("sent", "GET", "http://127.0.0.1:9/.well-known/dspace-version", 200, null, """{"protocolVersions":[{"version":"2025-1","path":"/api/dsp"}],"note":"<script>alert('x')</script>"}""", StartedAt)),
        new SampleCheck("CAT:01-01", ConformanceProfiles.Dsp, _ => throw new ConformanceException("the target answered 500 to <CatalogRequestMessage> & \"quoted\" \u0001 text, expected 200")),
        new SampleCheck("ROB:01", ConformanceProfiles.Robustness, _ => throw new InvalidOperationException("the counter-party could not listen")));

    /// <summary>A static result, for tests that need exact values (no measured durations).</summary>
    public static ConformanceRunResult Fixed(string reason = "expected 201, got 200") => new(
        ConformanceSuite.Version, Target, [ConformanceProfiles.Dsp], StartedAt, TimeSpan.FromMilliseconds(1234.56),
        [
            new CheckResult("CN:01-01", "Contract request", ConformanceProfiles.Dsp, "The provider answers 201 to a contract request.", CheckOutcome.Failed, reason, TimeSpan.FromMilliseconds(12.34),
                [new RecordedExchange("sent", "POST", Target + "/negotiations/request", 200, "{\"@type\":\"ContractRequestMessage\"}", "{}", StartedAt)]),
            new CheckResult("CN:01-02", "Termination", ConformanceProfiles.Dsp, "The provider terminates on request.", CheckOutcome.Passed, null, TimeSpan.FromMilliseconds(5), []),
        ]);
}

/// <summary>A check whose behaviour a test gives; it records its exchange like the suite's HTTP client does.</summary>
internal sealed class SampleCheck(string id, string profile, Func<CheckContext, Task> run, RecordedExchange? exchange = null) : ConformanceCheck
{
    public override string Id => id;

    public override string Name => $"sample {id} <name>";

    public override string Profile => profile;

    public override string Verifies => $"what {id} verifies, with <markup> & \"quotes\"";

    public override Task RunAsync(CheckContext context, CancellationToken cancellationToken)
    {
        if (exchange is not null)
        {
            context.Record(exchange);
        }

        return run(context);
    }
}
