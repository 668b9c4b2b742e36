using Dataspace.Conformance.Tests.Dsp;

namespace Dataspace.Conformance.Tests.Robustness;

/// <summary>Every check of the robustness profile against our connector in TCK mode, one case per check id.</summary>
[Collection(TckModeGroup.Name)]
public sealed class RobustnessProfileTests(TckModeConnector connector)
{
    public static TheoryData<string> CheckIds() => [.. ConformanceSuite.ForProfile(ConformanceProfiles.Robustness).Select(c => c.Id)];

    [Theory]
    [MemberData(nameof(CheckIds))]
    public async Task Check_PassesAgainstOurConnector(string id)
    {
        var result = await connector.RunAsync(id);

        Assert.True(result.Outcome == CheckOutcome.Passed, $"{id} {result.Name}: {result.Outcome}: {result.Reason}");
        Assert.NotEmpty(result.Exchanges);
    }

    [Fact]
    public async Task Mutations_AreSeededAndCounted()
    {
        var configuration = connector.Configuration.With([new("conformance.robustness.mutations", "40"), new("conformance.robustness.seed", "12345")]);

        var result = await connector.RunAsync("ROB:02-01", configuration);

        Assert.Equal(CheckOutcome.Passed, result.Outcome);
        // Setting up the observed processes posts 5 messages (two contract requests, a verification, two transfer requests); the rest are the 40 mutations.
        Assert.Equal(45, result.Exchanges.Count(e => e.Direction == "sent" && e.Method == "POST"));
    }

    [Fact]
    public async Task OversizedBody_ASizeTheTargetRightlyAccepts_FailsTheCheck()
    {
        // A 4 KiB contract request is an ordinary one that our connector accepts (201): the check fails on anything but a refusal.
        var configuration = connector.Configuration.With([new("conformance.robustness.oversized.bytes", "4096")]);

        var result = await connector.RunAsync("ROB:03-01", configuration);

        Assert.Equal(CheckOutcome.Failed, result.Outcome);
        Assert.Contains("answered 201; expected 413 or 400", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MutationCount_NotANumber_IsAnErrorNamingTheKey()
    {
        var configuration = connector.Configuration.With([new("conformance.robustness.mutations", "many")]);

        var result = await connector.RunAsync("ROB:02-01", configuration);

        Assert.Equal(CheckOutcome.Error, result.Outcome);
        Assert.Contains("conformance.robustness.mutations", result.Reason, StringComparison.Ordinal);
    }
}
