namespace Dataspace.Conformance.Tests.Faulty;

/// <summary>
/// The dsp and robustness checks our connector fails in TCK mode without any injected fault (none, once every profile
/// passes: the all-profiles test asserts that), so a fault test can tell the failures its fault causes from others.
/// </summary>
public sealed class ProtocolBaseline : IAsyncLifetime
{
    public IReadOnlySet<string> Failures { get; private set; } = new HashSet<string>();

    public static IReadOnlyList<ConformanceCheck> Checks =>
        [.. ConformanceSuite.ForProfile(ConformanceProfiles.Dsp), .. ConformanceSuite.ForProfile(ConformanceProfiles.Robustness), .. ConformanceSuite.ForProfile(ConformanceProfiles.Hardening)];

    public async Task InitializeAsync()
    {
        await using var target = await TckModeTarget.StartAsync();
        var result = await new ConformanceRunner(target.Configuration).RunAsync(Checks, target.BaseAddress.ToString(), CancellationToken.None);
        Failures = result.Checks.Where(c => c.Outcome != CheckOutcome.Passed).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
