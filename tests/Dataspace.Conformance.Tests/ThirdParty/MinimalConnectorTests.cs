using Xunit.Abstractions;

namespace Dataspace.Conformance.Tests.ThirdParty;

/// <summary>
/// The suite against a correct connector that is not ours (<see cref="MinimalConnector"/>): it passes, so the suite
/// certifies what the specification asks, not our connector's habits; and each deliberate fault of that connector is
/// caught by the checks made for it.
/// </summary>
public sealed class MinimalConnectorTests(ITestOutputHelper output)
{
    [Fact]
    public async Task CorrectThirdPartyConnector_PassesEveryDspCheck()
    {
        await using var connector = await MinimalConnector.StartAsync();

        var result = await RunAsync(connector, ConformanceSuite.ForProfile(ConformanceProfiles.Dsp));

        Assert.True(result.Passed, Failures(result));
        Assert.Equal(ConformanceSuite.ForProfile(ConformanceProfiles.Dsp).Count, result.Checks.Count);
    }

    private async Task<ConformanceRunResult> RunAsync(MinimalConnector connector, IReadOnlyList<ConformanceCheck> checks, ConformanceConfiguration? configuration = null)
    {
        var result = await new ConformanceRunner(configuration ?? connector.Configuration).RunAsync(checks, connector.BaseAddress.ToString(), CancellationToken.None);
        foreach (var check in result.Checks)
        {
            output.WriteLine($"{check.Id} {check.Outcome} {check.Duration.TotalMilliseconds:0} ms {check.Reason}");
        }

        return result;
    }

    private static string Failures(ConformanceRunResult result) =>
        string.Join(Environment.NewLine, result.Checks.Where(c => c.Outcome != CheckOutcome.Passed).Select(c => $"{c.Id} {c.Outcome}: {c.Reason}"));
}
