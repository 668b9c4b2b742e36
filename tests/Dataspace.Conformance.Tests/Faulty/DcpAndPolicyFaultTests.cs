using Dataspace.Conformance.Tests.AllProfiles;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Dataspace.Conformance.Tests.Faulty;

/// <summary>
/// Our connector with one deliberate identity or policy fault fails exactly the dcp and policy checks made to catch it,
/// and passes all the others.
/// </summary>
public sealed class DcpAndPolicyFaultTests(ITestOutputHelper output)
{
    public static TheoryData<string, string[]> Faults() => new()
    {
        { nameof(ExpiredTokensAccepted), ["DCP:01-03"] },
        { nameof(PolicyIgnored.InjectIntoCatalog), ["POL:01-02", "POL:01-03"] },
        { nameof(PolicyIgnored.InjectIntoNegotiation), ["POL:02-02", "POL:02-03"] },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task FaultyConnector_FailsExactlyTheChecksThatCatchItsFault(string fault, string[] expectedFailures)
    {
        Action<IServiceCollection> inject = fault switch
        {
            nameof(ExpiredTokensAccepted) => ExpiredTokensAccepted.Inject,
            nameof(PolicyIgnored.InjectIntoCatalog) => PolicyIgnored.InjectIntoCatalog,
            nameof(PolicyIgnored.InjectIntoNegotiation) => PolicyIgnored.InjectIntoNegotiation,
            _ => throw new ArgumentOutOfRangeException(nameof(fault), fault, "unknown fault"),
        };
        await using var target = await ReferenceTarget.StartAsync(inject);
        ConformanceCheck[] checks = [.. ConformanceSuite.ForProfile(ConformanceProfiles.Dcp), .. ConformanceSuite.ForProfile(ConformanceProfiles.Policy)];

        var result = await new ConformanceRunner(target.Configuration).RunAsync(checks, target.Did, CancellationToken.None);

        foreach (var check in result.Checks)
        {
            output.WriteLine($"{check.Id} {check.Outcome}: {check.Reason}");
        }

        Assert.Equal(expectedFailures, result.Checks.Where(c => c.Outcome != CheckOutcome.Passed).Select(c => c.Id).ToArray());
        Assert.All(result.Checks.Where(c => expectedFailures.Contains(c.Id)), c => Assert.Equal(CheckOutcome.Failed, c.Outcome));
    }
}
