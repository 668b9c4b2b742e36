using System.Text.RegularExpressions;
using Dataspace.Cli.Demo;

namespace Dataspace.Cli.Tests.Demo;

/// <summary><c>dataspace demo --scenario psi|dp</c>: connectors on loopback run the bundled compute components over their task channel.</summary>
public sealed class DemoComputeScenarioTests
{
    [Fact]
    public async Task Psi_TheBankLearnsTheCommonCustomers_AndTheTelecomNothing()
    {
        var (exit, output, error) = await Cli.RunAsync("demo", "--scenario", "psi", "--timeout", "60");

        Assert.True(exit == 0, error + output);
        Assert.Matches(@"\[1/6\] Start a bank and a telecom connector \(", output);
        Assert.Matches(@"agreement \S+: did:web:telecom\.demo lets did:web:bank\.demo compute on 'subscribers'", output);
        Assert.Matches(@"job \S+: proposed to the telecom, approved automatically under agreement \S+, succeeded", output);
        // The plaintext intersection of the two lists, in the bank's order.
        Assert.Contains("intersection size: 3 (release 'intersection', allowed by the agreement)", output, StringComparison.Ordinal);
        Assert.Contains("common customer ids: c-1034, c-1002, c-1013", output, StringComparison.Ordinal);
        Assert.Contains("nothing about the telecom's other 4 subscribers", output, StringComparison.Ordinal);
        Assert.Matches(@"\[6/6\] What the telecom learned \(", output);
        Assert.Matches(@"job \S+: succeeded, with 0 outputs: the agreement releases nothing to the provider", output);
        Assert.Equal("", error);
        AssertCleanedUp(output);
    }

    [Fact]
    public async Task Dp_TheAnalystGetsANoisyCountAndTheBudgetLeft_AndTheHospitalsNoOutput()
    {
        var (exit, output, error) = await Cli.RunAsync("demo", "--scenario", "dp", "--timeout", "60");

        Assert.True(exit == 0, error + output);
        Assert.Matches(@"\[1/6\] Start three hospital connectors and an analyst connector \(", output);
        Assert.Equal(3, Regex.Count(output, @"agreement \S+: did:web:hospital-[abc]\.demo lets did:web:analyst\.demo compute on 'patients'"));
        Assert.Matches(@"job \S+: count of patients, ε=0\.5 \(discrete Laplace\), proposed to the three hospitals, approved automatically, succeeded", output);
        var count = Regex.Match(output, @"noisy count: (-?\d+) over 3 hospitals \(the exact count, 165, was never released\)");
        Assert.True(count.Success, output);
        // Discrete Laplace with scale 1/ε = 2 at each of three hospitals: far outside ±100 is practically impossible.
        Assert.InRange(int.Parse(count.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 65, 265);
        Assert.Equal(3, Regex.Count(output, @"budget left under agreement \S+ with did:web:hospital-[abc]\.demo: ε=0\.5 of 1"));
        Assert.Equal(3, Regex.Count(output, @"did:web:hospital-[abc]\.demo: job succeeded, 0 outputs; it spent ε=0\.5 of its budget"));
        Assert.Equal("", error);
        AssertCleanedUp(output);
    }

    [Fact]
    public async Task UnknownScenario_IsRefusedNamingTheChoices()
    {
        var (exit, output, error) = await Cli.RunAsync("demo", "--scenario", "mpc");

        Assert.NotEqual(0, exit);
        Assert.Contains("mpc", error + output, StringComparison.Ordinal);
        Assert.Contains("psi", error + output, StringComparison.Ordinal);
    }

    private static void AssertCleanedUp(string output)
    {
        var data = Regex.Match(output, @"at http://127\.0\.0\.1:\d+ \(data in ([^)]+)\)");
        Assert.True(data.Success, output);
        var root = Path.GetDirectoryName(data.Groups[1].Value)!;
        Assert.StartsWith("dataspace-demo-", Path.GetFileName(root), StringComparison.Ordinal);
        Assert.False(Directory.Exists(root), $"{root} was left behind");
    }
}
