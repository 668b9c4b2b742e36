using Dataspace.Conformance.Tests.AllProfiles;

namespace Dataspace.Conformance.Tests.Dcp;

/// <summary>
/// A target set up without trust in the suite's authority cannot pass the token negatives by refusing everyone: each
/// check's control fails first and says what to configure.
/// </summary>
public sealed class UntrustedSuiteTests
{
    [Fact]
    public async Task TargetNotTrustingTheSuite_FailsTheTokenAndStatusChecks_NamingTheAuthority()
    {
        await using var target = await ReferenceTarget.StartAsync(trustSuite: false);
        var checks = ConformanceSuite.ForProfile(ConformanceProfiles.Dcp).Where(c => c.Id.StartsWith("DCP:01-", StringComparison.Ordinal) || c.Id.StartsWith("DCP:03-", StringComparison.Ordinal)).ToList();
        Assert.True(checks.Count >= 12, $"{checks.Count} token and status checks");

        var result = await new ConformanceRunner(target.Configuration).RunAsync(checks, target.Did, CancellationToken.None);

        Assert.All(result.Checks, c =>
        {
            Assert.Equal(CheckOutcome.Failed, c.Outcome);
            Assert.Contains(":authority", c.Reason, StringComparison.Ordinal);
        });
    }
}
