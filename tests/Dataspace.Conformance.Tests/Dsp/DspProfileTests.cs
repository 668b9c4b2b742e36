namespace Dataspace.Conformance.Tests.Dsp;

/// <summary>Every check of the dsp profile (the TCK's cases and the suite's own) against our connector in TCK mode, one case per check id.</summary>
[Collection(TckModeGroup.Name)]
public sealed class DspProfileTests(TckModeConnector connector)
{
    public static TheoryData<string> CheckIds() =>
        [.. ConformanceSuite.ForProfile(ConformanceProfiles.Dsp).Select(c => c.Id)];

    [Theory]
    [MemberData(nameof(CheckIds))]
    public async Task Check_PassesAgainstOurConnector(string id)
    {
        var result = await connector.RunAsync(id);

        Assert.True(result.Outcome == CheckOutcome.Passed, $"{id} {result.Name}: {result.Outcome}: {result.Reason}");
        Assert.NotEmpty(result.Exchanges);
    }

    [Fact]
    public void Profile_HasEveryTckCaseId()
    {
        var ids = ConformanceSuite.ForProfile(ConformanceProfiles.Dsp).Select(c => c.Id).ToHashSet();

        string[] expected =
        [
            "MET:01-01", "CAT:01-01", "CAT:01-02", "CAT:01-03",
            "CN:01-01", "CN:01-02", "CN:01-03", "CN:01-04", "CN:02-01", "CN:02-02", "CN:02-03", "CN:02-04", "CN:02-05", "CN:02-06", "CN:02-07",
            "CN:03-01", "CN:03-02", "CN:03-03", "CN:03-04",
            "CN_C:01-01", "CN_C:01-02", "CN_C:01-03", "CN_C:01-04", "CN_C:02-01", "CN_C:02-02", "CN_C:02-03", "CN_C:02-04", "CN_C:02-05", "CN_C:02-06",
            "CN_C:03-01", "CN_C:03-02", "CN_C:03-03", "CN_C:03-04", "CN_C:03-05", "CN_C:03-06",
            "TP:01-01", "TP:01-02", "TP:01-03", "TP:01-04", "TP:01-05", "TP:02-01", "TP:02-02", "TP:02-03", "TP:02-04", "TP:02-05",
            "TP:03-01", "TP:03-02", "TP:03-03", "TP:03-04", "TP:03-05", "TP:03-06",
            "TP_C:01-01", "TP_C:01-02", "TP_C:01-03", "TP_C:01-04", "TP_C:01-05", "TP_C:02-01", "TP_C:02-02", "TP_C:02-03", "TP_C:02-05",
            "TP_C:03-01", "TP_C:03-02", "TP_C:03-03", "TP_C:03-04", "TP_C:03-05", "TP_C:03-06",
        ];
        Assert.Equal([], expected.Where(id => !ids.Contains(id)).ToArray());
    }

    [Fact]
    public async Task Check_WithAWrongFixtureId_FailsNamingWhatWasWrong()
    {
        var wrong = connector.Configuration.With([new("CAT_01_02_DATASETID", "NO-SUCH-DATASET")]);

        var result = await connector.RunAsync("CAT:01-02", wrong);

        Assert.Equal(CheckOutcome.Failed, result.Outcome);
        Assert.Contains("/catalog/datasets/NO-SUCH-DATASET answered 404", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_WithoutItsFixtureKey_IsAnErrorNamingTheKey_NotAFailure()
    {
        // The suite's configuration is incomplete, the target did nothing wrong: the check could not run (docs/conformance.md).
        var values = connector.Configuration.Values.Where(p => p.Key != "CN_01_01_DATASETID");

        var result = await connector.RunAsync("CN:01-01", new ConformanceConfiguration(values));

        Assert.Equal(CheckOutcome.Error, result.Outcome);
        Assert.Contains("configuration key 'CN_01_01_DATASETID' is required", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProviderCase_WithAFixtureScriptedForAnotherFlow_FailsSayingWhatTheTargetSent()
    {
        // CN:01-01 expects an offer; ACN0104 is scripted to agree at once, as a provider that skips the offer would.
        var wrong = connector.Configuration.With([new("CN_01_01_DATASETID", "ACN0104"), new("CN_01_01_OFFERID", "CD123:ACN0104:456")]);

        var result = await connector.RunAsync("CN:01-01", wrong.With([new("dataspacetck.dsp.default.wait", "2")]));

        Assert.Equal(CheckOutcome.Failed, result.Outcome);
        Assert.Contains("no message to /negotiations/", result.Reason, StringComparison.Ordinal);
        Assert.Contains("/agreement", result.Reason, StringComparison.Ordinal);
    }
}
