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

    [Fact]
    public async Task ConsumerResumesTransfer_ProviderAnswers200WithoutAStartOfItsOwn_PassesTP0204()
    {
        // DSP 2025-1, transfer binding: the provider answers a consumer's start of a suspended transfer with 200; the
        // minimal connector sends no TransferStartMessage of its own then, and the suite must not wait for one.
        await using var connector = await MinimalConnector.StartAsync();

        var result = await RunAsync(connector, [ConformanceSuite.Get("TP:02-04")]);

        Assert.Equal(CheckOutcome.Passed, Assert.Single(result.Checks).Outcome);
    }

    [Fact]
    public async Task CallbackBeforeAnswer_FailsCallbackOrdering_NamingTheMessageAndTheOpenRequest()
    {
        await using var connector = await MinimalConnector.StartAsync(MinimalFault.CallbackBeforeAnswer);

        var result = await RunAsync(connector, [ConformanceSuite.Get("DSP:03-01")], connector.Configuration.With([new(DspConfigurationKeys.OrderingConcurrency, "2")]));

        var check = Assert.Single(result.Checks);
        Assert.Equal(CheckOutcome.Failed, check.Outcome);
        Assert.Contains("the target sent ContractAgreementMessage", check.Reason, StringComparison.Ordinal);
        Assert.Contains("while the suite's ContractRequestMessage (POST /negotiations/request)", check.Reason, StringComparison.Ordinal);
        Assert.Contains("still open", check.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallbackBeforeAnswer_PassesEveryOtherDspCheck()
    {
        // Only the ordering check is about ordering: the TCK's flows accept a message that comes early.
        await using var connector = await MinimalConnector.StartAsync(MinimalFault.CallbackBeforeAnswer);

        var result = await RunAsync(connector, [.. ConformanceSuite.ForProfile(ConformanceProfiles.Dsp).Where(c => c.Id is not "DSP:03-01")]);

        Assert.True(result.Passed, Failures(result));
    }

    [Fact]
    public async Task IllegalTransitionsAccepted_FailsEveryIllegalTransitionCase()
    {
        await using var connector = await MinimalConnector.StartAsync(MinimalFault.IllegalTransitionsAccepted);
        string[] illegal =
        [
            "CN:03-01", "CN:03-02", "CN:03-03", "CN:03-04",
            "CN_C:03-01", "CN_C:03-02", "CN_C:03-03", "CN_C:03-04", "CN_C:03-05", "CN_C:03-06",
            "TP:03-01", "TP:03-02", "TP:03-03", "TP:03-04", "TP:03-05", "TP:03-06",
            "TP_C:03-01", "TP_C:03-02", "TP_C:03-03", "TP_C:03-04", "TP_C:03-05", "TP_C:03-06",
        ];

        var result = await RunAsync(connector, [.. illegal.Select(ConformanceSuite.Get)]);

        Assert.All(result.Checks, c => Assert.True(c.Outcome == CheckOutcome.Failed && c.Reason!.Contains("must be refused with a 4xx", StringComparison.Ordinal), $"{c.Id} {c.Outcome}: {c.Reason}"));
    }

    [Fact]
    public async Task WrongType_FailsTheChecksThatReadProcesses_NamingTheType()
    {
        await using var connector = await MinimalConnector.StartAsync(MinimalFault.WrongType);

        var result = await RunAsync(connector, [.. new[] { "CN:01-01", "CN_C:01-01", "TP:01-02", "TP_C:01-02", "DSP:01-01", "DSP:02-01" }.Select(ConformanceSuite.Get)]);

        Assert.All(result.Checks, c => Assert.Equal(CheckOutcome.Failed, c.Outcome));
        Assert.Contains("@type is 'ContractNegotiationProcess'; expected 'ContractNegotiation'", result.Checks[0].Reason, StringComparison.Ordinal);
        Assert.Contains("TransferProcessState", result.Checks[2].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OfferForms_EveryValidOdrlFormIsSent_AndNoUndefinedConstraintsTerm()
    {
        await using var connector = await MinimalConnector.StartAsync();

        var result = await RunAsync(connector, [ConformanceSuite.Get("DSP:04-01"), ConformanceSuite.Get("CN:02-02"), ConformanceSuite.Get("CN:01-02")]);

        Assert.True(result.Passed, Failures(result));
        var sent = result.Checks.SelectMany(c => c.Exchanges).Where(e => e.Direction == "sent" && e.RequestBody is not null).Select(e => e.RequestBody!).ToList();
        Assert.DoesNotContain(sent, body => body.Contains("\"constraints\"", StringComparison.Ordinal));
        var forms = result.Checks[0].Exchanges.Where(e => e.Url.EndsWith("/negotiations/request", StringComparison.Ordinal)).Select(e => e.RequestBody!).ToList();
        Assert.Contains(forms, f => f.Contains("\"constraint\":{", StringComparison.Ordinal));
        Assert.Contains(forms, f => f.Contains("\"constraint\":[{", StringComparison.Ordinal));
        Assert.Contains(forms, f => f.Contains("\"constraint\":[]", StringComparison.Ordinal));
        Assert.Contains(forms, f => f.Contains("\"odrl:permission\"", StringComparison.Ordinal));
        Assert.Contains(forms, f => f.Contains("\"http://www.w3.org/ns/odrl/2/permission\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ConstraintReadAsAnArrayOnly_FailsOdrlForms_NamingTheForm()
    {
        await using var connector = await MinimalConnector.StartAsync(MinimalFault.ConstraintArrayOnly);

        var result = await RunAsync(connector, [ConformanceSuite.Get("DSP:04-01")]);

        var check = Assert.Single(result.Checks);
        Assert.Equal(CheckOutcome.Failed, check.Outcome);
        Assert.Contains("'constraint single object' answered 400", check.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CorrectThirdPartyConnector_PassesRobustness()
    {
        await using var connector = await MinimalConnector.StartAsync();

        var result = await RunAsync(connector, ConformanceSuite.ForProfile(ConformanceProfiles.Robustness));

        Assert.True(result.Passed, Failures(result));
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
