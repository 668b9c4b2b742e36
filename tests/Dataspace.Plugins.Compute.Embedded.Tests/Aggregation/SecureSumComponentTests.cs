using System.Globalization;
using System.Text.Json;
using Dataspace.Plugins.Compute.Embedded.Aggregation;
using Dataspace.Sdk.Compute;
using Dataspace.Sdk.Testing.Compute;

namespace Dataspace.Plugins.Compute.Embedded.Tests.Aggregation;

public sealed class SecureSumComponentTests
{
    private const string Aggregator = "did:web:aggregator";

    [Theory]
    [InlineData(5, 64)]
    [InlineData(3, 32)]
    public async Task RunAsync_AllClients_SumEqualsPlaintextSum(int clients, int bits)
    {
        var data = Data(clients, rowsPerClient: 200);
        var outcomes = await ComponentHarness.RunAsync(new SecureSumComponent(), Setups(data), Attributes(bits: bits), Release());

        Assert.All(outcomes, o => Assert.True(o.Result.Succeeded, o.Result.Reason));
        var sum = Output(outcomes);
        AssertSums(data, Enumerable.Range(0, clients), sum);
        Assert.Equal(clients, sum.GetProperty("clients").GetInt32());
        // Clients receive nothing.
        Assert.All(outcomes.Where(o => o.Party.Role == SecureSumComponent.ClientRole), o => Assert.Empty(o.Outputs.Values));
    }

    [Fact]
    public async Task RunAsync_ClientLeavesAfterSharingKeys_SumCoversTheSurvivors()
    {
        var data = Data(5, rowsPerClient: 50);
        var network = new InProcessComputeNetwork(Parties(5).Select(p => p.ParticipantId));
        var outcomes = await PartyRunner.RunAsync(new SecureSumComponent(), Setups(data), Attributes(threshold: 3, timeoutSeconds: 5), Release(), network,
            (id, channel) => id == Client(1) ? new LeavingChannel(channel, "ss/masked") : channel);

        Assert.False(outcomes.Single(o => o.Party.ParticipantId == Client(1)).Result.Succeeded);
        Assert.All(outcomes.Where(o => o.Party.ParticipantId != Client(1)), o => Assert.True(o.Result.Succeeded, o.Result.Reason));
        var sum = Output(outcomes);
        AssertSums(data, [0, 2, 3, 4], sum);
        Assert.Equal(4, sum.GetProperty("clients").GetInt32());
    }

    [Fact]
    public async Task RunAsync_ClientLeavesAfterMaskedInput_SumStillCoversIt()
    {
        var data = Data(4, rowsPerClient: 30);
        var network = new InProcessComputeNetwork(Parties(4).Select(p => p.ParticipantId));
        var outcomes = await PartyRunner.RunAsync(new SecureSumComponent(), Setups(data), Attributes(threshold: 3, timeoutSeconds: 5), Release(), network,
            (id, channel) => id == Client(0) ? new LeavingChannel(channel, "ss/unmask") : channel);

        Assert.True(outcomes.Single(o => o.Party.Role == SecureSumComponent.AggregatorRole).Result.Succeeded);
        AssertSums(data, [0, 1, 2, 3], Output(outcomes));
    }

    [Fact]
    public async Task RunAsync_SurvivorsBelowThreshold_FailsEverywhereWithoutOutput()
    {
        var data = Data(5, rowsPerClient: 20);
        var network = new InProcessComputeNetwork(Parties(5).Select(p => p.ParticipantId));
        var outcomes = await PartyRunner.RunAsync(new SecureSumComponent(), Setups(data), Attributes(threshold: 4, timeoutSeconds: 5), Release(), network,
            (id, channel) => id == Client(1) || id == Client(3) ? new LeavingChannel(channel, "ss/masked") : channel);

        Assert.All(outcomes, o => Assert.False(o.Result.Succeeded));
        var aggregator = outcomes.Single(o => o.Party.Role == SecureSumComponent.AggregatorRole);
        Assert.Contains("at least 4", aggregator.Result.Reason, StringComparison.Ordinal);
        Assert.Empty(aggregator.Outputs.Values);
    }

    [Fact]
    public async Task RunAsync_FewerClientsThanMinGroupSize_Fails()
    {
        var data = Data(4, rowsPerClient: 10);
        var outcomes = await ComponentHarness.RunAsync(new SecureSumComponent(), Setups(data), Attributes(), Release(minGroupSize: 5));

        Assert.All(outcomes, o => Assert.False(o.Result.Succeeded));
        Assert.Empty(outcomes.Single(o => o.Party.Role == SecureSumComponent.AggregatorRole).Outputs.Values);
    }

    [Fact]
    public async Task RunAsync_AggregateNotAllowed_RefusesBeforeComputing()
    {
        var data = Data(3, rowsPerClient: 10);
        var release = new ReleasePolicy(new Dictionary<string, IReadOnlySet<string>> { [Aggregator] = new HashSet<string> { ReleaseKinds.Cardinality } });
        var network = new InProcessComputeNetwork(Parties(3).Select(p => p.ParticipantId)) { RecordMessages = true };
        var outcomes = await ComponentHarness.RunAsync(new SecureSumComponent(), Setups(data), Attributes(), release, network);

        Assert.All(outcomes, o => Assert.Contains("does not allow", o.Result.Reason, StringComparison.Ordinal));
        Assert.Empty(network.Transcript);
    }

    [Fact]
    public async Task RunAsync_ShareAlteredInTransit_FailsEverywhere()
    {
        var data = Data(3, rowsPerClient: 10);
        var network = new InProcessComputeNetwork(Parties(3).Select(p => p.ParticipantId));
        // Byte 10 of the shares message lies inside the first ciphertext.
        var outcomes = await PartyRunner.RunAsync(new SecureSumComponent(), Setups(data), Attributes(timeoutSeconds: 10), Release(), network,
            (id, channel) => id == Client(0) ? new TamperingChannel(channel, "ss/shares", 10) : channel);

        Assert.All(outcomes, o => Assert.False(o.Result.Succeeded));
        Assert.Contains(outcomes, o => o.Result.Reason!.Contains("does not authenticate", StringComparison.Ordinal));
        Assert.Empty(outcomes.Single(o => o.Party.Role == SecureSumComponent.AggregatorRole).Outputs.Values);
    }

    [Fact]
    public async Task RunAsync_MalformedInput_FailsWithTheColumn()
    {
        var data = Data(3, rowsPerClient: 5);
        data[2][3][0] = "not-a-number";
        var outcomes = await ComponentHarness.RunAsync(new SecureSumComponent(), Setups(data), Attributes(timeoutSeconds: 10), Release());

        Assert.All(outcomes, o => Assert.False(o.Result.Succeeded));
        Assert.Contains(outcomes, o => o.Result.Reason!.Contains("column 'a'", StringComparison.Ordinal));
    }

    internal static string Client(int i) => $"did:web:client{i}";

    private static List<ComputeParty> Parties(int clients)
        => [.. Enumerable.Range(0, clients).Select(i => new ComputeParty(Client(i), SecureSumComponent.ClientRole)), new ComputeParty(Aggregator, SecureSumComponent.AggregatorRole)];

    private static List<List<string[]>> Data(int clients, int rowsPerClient)
    {
        var random = new Random(clients * 1000 + rowsPerClient);
        return [.. Enumerable.Range(0, clients).Select(_ => Enumerable.Range(0, rowsPerClient).Select(_ => new[]
        {
            Math.Round(random.NextDouble() * 2000 - 1000, 3).ToString(CultureInfo.InvariantCulture),
            random.Next(0, 100).ToString(CultureInfo.InvariantCulture),
        }).ToList())];
    }

    private static List<ComponentHarness.PartySetup> Setups(List<List<string[]>> data)
        => [.. Parties(data.Count).Select((p, i) => new ComponentHarness.PartySetup(p, p.Role == SecureSumComponent.ClientRole
            ? new Dictionary<string, IComputeInput> { ["input"] = new InMemoryComputeInput(["a", "b"], data[i]) }
            : new Dictionary<string, IComputeInput>()))];

    private static Dictionary<string, JsonElement> Attributes(int bits = 64, int? threshold = null, int? timeoutSeconds = null)
    {
        var attributes = new Dictionary<string, JsonElement>
        {
            ["columns"] = JsonSerializer.SerializeToElement(new[] { "a", "b" }),
            ["modulus_bits"] = JsonSerializer.SerializeToElement(bits),
            ["fractional_bits"] = JsonSerializer.SerializeToElement(bits == 32 ? 8 : 16),
        };
        if (threshold is { } t) attributes["threshold"] = JsonSerializer.SerializeToElement(t);
        if (timeoutSeconds is { } s) attributes["round_timeout_seconds"] = JsonSerializer.SerializeToElement(s);
        return attributes;
    }

    private static ReleasePolicy Release(int minGroupSize = 0)
        => new(new Dictionary<string, IReadOnlySet<string>> { [Aggregator] = new HashSet<string> { ReleaseKinds.Aggregate } }, minGroupSize);

    private static JsonElement Output(IReadOnlyList<ComponentHarness.PartyOutcome> outcomes)
    {
        var aggregator = outcomes.Single(o => o.Party.Role == SecureSumComponent.AggregatorRole);
        var (kind, value) = aggregator.Outputs.Values["sum"];
        Assert.Equal(ReleaseKinds.Aggregate, kind);
        return value;
    }

    private static void AssertSums(List<List<string[]>> data, IEnumerable<int> included, JsonElement sum)
    {
        var rows = included.SelectMany(i => data[i]).ToList();
        var expectedA = rows.Sum(r => double.Parse(r[0], CultureInfo.InvariantCulture));
        var expectedB = rows.Sum(r => double.Parse(r[1], CultureInfo.InvariantCulture));
        var sums = sum.GetProperty("sums").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        // Fixed-point rounding: at most half a unit of 2^-f per value.
        Assert.Equal(expectedA, sums[0], rows.Count * 0.01);
        Assert.Equal(expectedB, sums[1], 1e-9);
        Assert.Equal(rows.Count, sum.GetProperty("count").GetInt64());
    }
}
