using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Dataspace.Conformance.Tests.Faulty;

/// <summary>
/// Our connector in TCK mode with one deliberate protocol fault fails exactly the dsp and robustness checks made to
/// catch it (beyond what it fails without the fault, <see cref="ProtocolBaseline"/>) and passes all the others.
/// </summary>
public sealed class DspAndRobustnessFaultTests(ProtocolBaseline baseline, ITestOutputHelper output) : IClassFixture<ProtocolBaseline>
{
    private static readonly string[] IllegalTransitions =
    [
        "CN:03-01", "CN:03-02", "CN:03-03", "CN:03-04",
        "CN_C:03-01", "CN_C:03-02", "CN_C:03-03", "CN_C:03-04", "CN_C:03-05", "CN_C:03-06",
        "TP:03-01", "TP:03-02", "TP:03-03", "TP:03-04", "TP:03-05", "TP:03-06",
        "TP_C:03-01", "TP_C:03-02", "TP_C:03-03", "TP_C:03-04", "TP_C:03-05", "TP_C:03-06",
        // The suite's own protocol tours end by sending a message the process's state no longer allows.
        "DSP:02-01", "DSP:02-02", "DSP:02-03", "DSP:02-04",
    ];

    private static readonly string[] MalformedInput = ["ROB:01-01", "ROB:01-02", "ROB:01-03"];

    public static TheoryData<string, string[]> Faults() => new()
    {
        // The TCK's illegal-transition cases: the connector must refuse a message its process's state does not allow.
        { nameof(DspResponseFault.StateChecksSkipped), IllegalTransitions },
        // Those same refusals arrive as 500, as do the refusals of malformed and mutated messages and of the offer forms whose rules differ (DSP:04-01).
        { nameof(DspResponseFault.ServerErrorOnBadInput), [.. IllegalTransitions, .. MalformedInput, "ROB:02-01", "DSP:04-01"] },
        // Every check that reads a message the connector sends (answers and callbacks) sees the prefixed @type.
        {
            nameof(PrefixedType),
            [
                "CAT:01-01", "CAT:01-03",
                "CN:01-01", "CN:01-02", "CN:01-03", "CN:01-04",
                "CN:02-01", "CN:02-02", "CN:02-03", "CN:02-04", "CN:02-05", "CN:02-06", "CN:02-07",
                "CN:03-01", "CN:03-02", "CN:03-03", "CN:03-04",
                "CN_C:01-01", "CN_C:01-02", "CN_C:01-03", "CN_C:01-04",
                "CN_C:02-01", "CN_C:02-02", "CN_C:02-03", "CN_C:02-04", "CN_C:02-05", "CN_C:02-06",
                "CN_C:03-01", "CN_C:03-02", "CN_C:03-03", "CN_C:03-04", "CN_C:03-05", "CN_C:03-06",
                "TP:01-01", "TP:01-02", "TP:01-03", "TP:01-04", "TP:01-05",
                "TP:02-01", "TP:02-02", "TP:02-03", "TP:02-04", "TP:02-05",
                "TP:03-01", "TP:03-02", "TP:03-03", "TP:03-04", "TP:03-05", "TP:03-06",
                "TP_C:01-01", "TP_C:01-02", "TP_C:01-03", "TP_C:01-04", "TP_C:01-05",
                "TP_C:02-01", "TP_C:02-02", "TP_C:02-03", "TP_C:02-05",
                "TP_C:03-01", "TP_C:03-02", "TP_C:03-03", "TP_C:03-04", "TP_C:03-05", "TP_C:03-06",
                "DSP:01-01", "DSP:01-02", "DSP:02-01", "DSP:02-02", "DSP:02-03", "DSP:02-04", "DSP:03-01",
                .. MalformedInput, "ROB:02-01",
            ]
        },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task FaultyConnector_FailsExactlyTheChecksThatCatchItsFault(string fault, string[] expectedFailures)
    {
        Action<IServiceCollection> inject = fault switch
        {
            nameof(DspResponseFault.StateChecksSkipped) => DspResponseFault.StateChecksSkipped,
            nameof(DspResponseFault.ServerErrorOnBadInput) => DspResponseFault.ServerErrorOnBadInput,
            nameof(PrefixedType) => PrefixedType.Inject,
            _ => throw new ArgumentOutOfRangeException(nameof(fault), fault, "unknown fault"),
        };
        await using var target = await TckModeTarget.StartAsync(inject);

        var result = await new ConformanceRunner(target.Configuration).RunAsync(ProtocolBaseline.Checks, target.BaseAddress.ToString(), CancellationToken.None);

        foreach (var check in result.Checks.Where(c => c.Outcome != CheckOutcome.Passed))
        {
            output.WriteLine($"{check.Id} {check.Outcome}{(baseline.Failures.Contains(check.Id) ? " (also without the fault)" : "")}: {check.Reason}");
        }

        // Checks that fail without the fault too (owned by the dsp and robustness work while it lands) say nothing about it.
        var caused = result.Checks.Where(c => c.Outcome != CheckOutcome.Passed && !baseline.Failures.Contains(c.Id)).Select(c => c.Id).Order(StringComparer.Ordinal).ToArray();
        var expected = expectedFailures.Where(id => !baseline.Failures.Contains(id)).Order(StringComparer.Ordinal).ToArray();
        Assert.True(expected.SequenceEqual(caused), $"expected to fail: [{string.Join(", ", expected)}]; failed because of the fault: [{string.Join(", ", caused)}]");
        Assert.All(result.Checks.Where(c => caused.Contains(c.Id)), c => Assert.Equal(CheckOutcome.Failed, c.Outcome));
    }
}
