using Dataspace.Conformance.Tests.Dsp;
using Dataspace.Conformance.Tests.Faulty;
using Xunit.Abstractions;

namespace Dataspace.Conformance.Tests.AllProfiles;

/// <summary>
/// Our connector passes every check of every profile: dsp and robustness against it in TCK mode (the TCK's fixtures,
/// static tokens), dcp and policy against it as a DCP participant set up from conformance/targets/reference.
/// </summary>
public sealed class AllProfilesTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ReferenceConnector_PassesEveryCheckOfEveryProfile()
    {
        List<CheckResult> results = [];
        await using (var tckMode = await TckModeTarget.StartAsync())
        {
            ConformanceCheck[] protocol =
            [
                .. ConformanceSuite.ForProfile(ConformanceProfiles.Dsp),
                .. ConformanceSuite.ForProfile(ConformanceProfiles.Robustness), .. ConformanceSuite.ForProfile(ConformanceProfiles.Hardening),
            ];
            results.AddRange((await new ConformanceRunner(tckMode.Configuration).RunAsync(protocol, tckMode.BaseAddress.ToString(), CancellationToken.None)).Checks);
        }

        await using (var target = await ReferenceTarget.StartAsync())
        {
            ConformanceCheck[] identity = [.. ConformanceSuite.ForProfile(ConformanceProfiles.Dcp), .. ConformanceSuite.ForProfile(ConformanceProfiles.Policy)];
            results.AddRange((await new ConformanceRunner(target.Configuration).RunAsync(identity, target.Did, CancellationToken.None)).Checks);
        }

        foreach (var check in results)
        {
            output.WriteLine($"{check.Id} {check.Outcome} {check.Duration.TotalMilliseconds:0} ms, {check.Exchanges.Count} exchanges {check.Reason}");
        }

        Assert.Equal(ConformanceSuite.All.Select(c => c.Id).Order(StringComparer.Ordinal), results.Select(c => c.Id).Order(StringComparer.Ordinal));
        foreach (var profile in ConformanceProfiles.Each)
        {
            Assert.Contains(results, c => c.Profile == profile);
        }

        var failures = results.Where(c => c.Outcome != CheckOutcome.Passed).Select(c => $"{c.Id} {c.Outcome}: {c.Reason}").ToList();
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.All(results, c => Assert.NotEmpty(c.Exchanges));
    }

    [Fact]
    public async Task ReferenceConnector_AsDcpParticipant_PassesEveryDcpAndPolicyCheck()
    {
        await using var target = await ReferenceTarget.StartAsync();
        ConformanceCheck[] checks = [.. ConformanceSuite.ForProfile(ConformanceProfiles.Dcp), .. ConformanceSuite.ForProfile(ConformanceProfiles.Policy)];

        var result = await new ConformanceRunner(target.Configuration).RunAsync(checks, target.Did, CancellationToken.None);

        foreach (var check in result.Checks)
        {
            output.WriteLine($"{check.Id} {check.Outcome} {check.Duration.TotalMilliseconds:0} ms, {check.Exchanges.Count} exchanges {check.Reason}");
        }

        Assert.True(result.Passed, string.Join(Environment.NewLine, result.Checks.Where(c => c.Outcome != CheckOutcome.Passed).Select(c => $"{c.Id} {c.Outcome}: {c.Reason}")));
        Assert.Equal(checks.Select(c => c.Id), result.Checks.Select(c => c.Id));
        Assert.All(result.Checks, c => Assert.NotEmpty(c.Exchanges));
    }
}
