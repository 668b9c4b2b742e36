using Dataspace.Conformance.Certificates;
using Dataspace.Conformance.Tests.Dsp;

namespace Dataspace.Conformance.Tests.Robustness;

/// <summary>The hardening profile: the limit checks (not DSP conformance), run and certified apart from dsp and robustness.</summary>
[Collection(TckModeGroup.Name)]
public sealed class HardeningProfileTests(TckModeConnector connector)
{
    public static TheoryData<string> CheckIds() => [.. ConformanceSuite.ForProfile(ConformanceProfiles.Hardening).Select(c => c.Id)];

    [Theory]
    [MemberData(nameof(CheckIds))]
    public async Task Check_PassesAgainstOurConnector(string id)
    {
        var result = await connector.RunAsync(id);

        Assert.True(result.Outcome == CheckOutcome.Passed, $"{id} {result.Name}: {result.Outcome}: {result.Reason}");
    }

    [Fact]
    public void Profile_HoldsTheBodySizeAndSlowClientLimits_AndNoOtherProfileDoes()
    {
        Assert.Equal(["ROB:03-01", "ROB:03-02"], ConformanceSuite.ForProfile(ConformanceProfiles.Hardening).Select(c => c.Id));
        Assert.DoesNotContain(ConformanceSuite.ForProfile(ConformanceProfiles.Robustness), c => c.Id.StartsWith("ROB:03", StringComparison.Ordinal));
        Assert.DoesNotContain(ConformanceSuite.ForProfile(ConformanceProfiles.Dsp), c => c.Id.StartsWith("ROB:03", StringComparison.Ordinal));
    }

    [Fact]
    public void Certificate_OfARunWithHardening_NamesItBesideTheOtherProfiles()
    {
        ConformanceCheck[] checks = [.. ConformanceSuite.ForProfile(ConformanceProfiles.Robustness), .. ConformanceSuite.ForProfile(ConformanceProfiles.Hardening)];
        var run = new ConformanceRunResult(ConformanceSuite.Version, "http://127.0.0.1:1/api/dsp", [ConformanceProfiles.Robustness, ConformanceProfiles.Hardening],
            DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(1),
            [.. checks.Select(c => new CheckResult(c.Id, c.Name, c.Profile, c.Verifies, CheckOutcome.Passed, null, TimeSpan.Zero, []))]);

        var claims = ConformanceCertificateIssuer.ClaimsFor(run, "did:web:connector.example");

        Assert.Equal([ConformanceProfiles.Robustness, ConformanceProfiles.Hardening], claims.Profiles);
    }
}
