using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using Dataspace.Plugins.Compute.Embedded.Learning;
using Dataspace.Sdk.Compute;
using Dataspace.Sdk.Testing.Compute;

namespace Dataspace.Plugins.Compute.Embedded.Tests.Learning;

public sealed class FedAvgComponentTests
{
    private const string Aggregator = "did:web:aggregator";

    [Theory]
    [InlineData("logistic")]
    [InlineData("linear")]
    public async Task RunAsync_FinalModel_EqualsCentralAveragingOfTheSameLocalUpdates(string model)
    {
        var data = new[] { 120, 80, 200 }.Select((n, c) => Rows(n, seed: c + 1, logistic: model == "logistic")).ToList();
        var attributes = Attributes(model, rounds: 3);
        var outcomes = await ComponentHarness.RunAsync(new FedAvgComponent(), Setups(data), attributes, Release());

        Assert.All(outcomes, o => Assert.True(o.Result.Succeeded, o.Result.Reason));
        var aggregator = outcomes.Single(o => o.Party.Role == FedAvgComponent.AggregatorRole);
        var (kind, mediaType, content) = aggregator.Outputs.Blobs["model"];
        Assert.Equal(ReleaseKinds.Model, kind);
        Assert.Equal(FedAvgComponent.TensorMediaType, mediaType);
        var federated = Enumerable.Range(0, content.Length / 4).Select(j => BinaryPrimitives.ReadSingleLittleEndian(content.AsSpan(j * 4))).ToArray();

        // The same rounds in the clear: every client trains from the global model, the server averages by rows.
        var settings = SettingsFor(attributes);
        var global = new float[3];
        for (var round = 0; round < 3; round++)
        {
            var sum = new double[3];
            long rows = 0;
            foreach (var rowsOfClient in data)
            {
                var (local, n) = await LocalTrainer.TrainAsync(new InMemoryComputeInput(["x1", "x2", "y"], rowsOfClient), settings, global, CancellationToken.None);
                for (var j = 0; j < 3; j++) sum[j] += n * (double)local[j];
                rows += n;
            }
            global = [.. sum.Select(s => (float)(s / rows))];
        }
        Assert.Equal(global.Length, federated.Length);
        for (var j = 0; j < global.Length; j++) Assert.Equal(global[j], federated[j], 1e-5f);
        Assert.Contains(global, w => Math.Abs(w) > 1e-3); // it did learn something
        var info = aggregator.Outputs.Values["model_info"].Value;
        Assert.Equal(400, info.GetProperty("rows").GetInt64());
        Assert.Equal(new[] { "x1", "x2", "bias" }, info.GetProperty("layout").EnumerateArray().Select(e => e.GetString()!).ToArray());
        // Clients get no output.
        Assert.All(outcomes.Where(o => o.Party.Role == FedAvgComponent.ClientRole), o => Assert.Empty(o.Outputs.Blobs));
    }

    [Fact]
    public async Task RunAsync_ClientLeavesInRoundTwo_TrainingGoesOnWithTheOthers()
    {
        var data = new[] { 50, 60, 70, 80 }.Select((n, c) => Rows(n, seed: c + 10, logistic: true)).ToList();
        var attributes = Attributes("logistic", rounds: 3);
        attributes["threshold"] = JsonSerializer.SerializeToElement(3);
        attributes["round_timeout_seconds"] = JsonSerializer.SerializeToElement(5);
        var network = new InProcessComputeNetwork(Parties(4).Select(p => p.ParticipantId));
        var outcomes = await Aggregation.PartyRunner.RunAsync(new FedAvgComponent(), Setups(data), attributes, Release(), network,
            (id, channel) => id == "did:web:bank1" ? new Aggregation.LeavingChannel(channel, "fl/r2/masked") : channel);

        var aggregator = outcomes.Single(o => o.Party.Role == FedAvgComponent.AggregatorRole);
        Assert.True(aggregator.Result.Succeeded, aggregator.Result.Reason);
        Assert.False(outcomes.Single(o => o.Party.ParticipantId == "did:web:bank1").Result.Succeeded);
        var federated = Floats(aggregator.Outputs.Blobs["model"].Content);

        // In the clear: bank1 contributes to round 1 only.
        var settings = SettingsFor(attributes);
        var global = new float[3];
        for (var round = 0; round < 3; round++)
        {
            var sum = new double[3];
            long rows = 0;
            for (var c = 0; c < data.Count; c++)
            {
                if (c == 1 && round > 0) continue;
                var (local, n) = await LocalTrainer.TrainAsync(new InMemoryComputeInput(["x1", "x2", "y"], data[c]), settings, global, CancellationToken.None);
                for (var j = 0; j < 3; j++) sum[j] += n * (double)local[j];
                rows += n;
            }
            global = [.. sum.Select(s => (float)(s / rows))];
        }
        for (var j = 0; j < global.Length; j++) Assert.Equal(global[j], federated[j], 1e-5f);
        Assert.Equal(3, aggregator.Outputs.Values["model_info"].Value.GetProperty("clients").GetInt32());
    }

    private static float[] Floats(byte[] content)
        => [.. Enumerable.Range(0, content.Length / 4).Select(j => BinaryPrimitives.ReadSingleLittleEndian(content.AsSpan(j * 4)))];

    [Fact]
    public async Task RunAsync_ModelNotAllowed_RefusesBeforeTraining()
    {
        var data = new[] { 10, 10, 10 }.Select((n, c) => Rows(n, c, logistic: true)).ToList();
        var release = new ReleasePolicy(new Dictionary<string, IReadOnlySet<string>> { [Aggregator] = new HashSet<string> { ReleaseKinds.Aggregate } });
        var outcomes = await ComponentHarness.RunAsync(new FedAvgComponent(), Setups(data), Attributes("logistic", 2), release);

        Assert.All(outcomes, o => Assert.Contains("does not allow", o.Result.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_BadLabel_FailsEverywhereWithoutModel()
    {
        var data = new[] { 10, 10, 10 }.Select((n, c) => Rows(n, c, logistic: true)).ToList();
        data[1][4][2] = "7";
        var outcomes = await ComponentHarness.RunAsync(new FedAvgComponent(), Setups(data), Attributes("logistic", 2), Release());

        Assert.All(outcomes, o => Assert.False(o.Result.Succeeded));
        Assert.Contains(outcomes, o => o.Result.Reason!.Contains("label is 0 or 1", StringComparison.Ordinal));
        Assert.Empty(outcomes.Single(o => o.Party.Role == FedAvgComponent.AggregatorRole).Outputs.Blobs);
    }

    private static FedAvgSettings SettingsFor(Dictionary<string, JsonElement> attributes)
        => FedAvgSettings.From(new ComponentContext
        {
            JobId = "job-1", TaskId = "task-1", Self = Aggregator, Role = FedAvgComponent.AggregatorRole,
            Parties = Parties(3), Attributes = attributes, Inputs = new Dictionary<string, IComputeInput>(),
            Outputs = new MemoryComputeOutputs(Aggregator, Release()), Channel = new InProcessComputeNetwork([Aggregator]).For(Aggregator), Release = Release(),
        });

    private static List<string[]> Rows(int count, int seed, bool logistic)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            var x1 = random.NextDouble() * 4 - 2;
            var x2 = random.NextDouble() * 4 - 2;
            var z = 1.5 * x1 - 0.8 * x2 + 0.3 + random.NextDouble() * 0.2;
            var y = logistic ? (z > 0 ? 1 : 0) : z;
            return new[] { x1.ToString("R", CultureInfo.InvariantCulture), x2.ToString("R", CultureInfo.InvariantCulture), y.ToString("R", CultureInfo.InvariantCulture) };
        })];
    }

    private static List<ComputeParty> Parties(int clients)
        => [.. Enumerable.Range(0, clients).Select(i => new ComputeParty($"did:web:bank{i}", FedAvgComponent.ClientRole)), new ComputeParty(Aggregator, FedAvgComponent.AggregatorRole)];

    private static List<ComponentHarness.PartySetup> Setups(List<List<string[]>> data)
        => [.. Parties(data.Count).Select((p, i) => new ComponentHarness.PartySetup(p, p.Role == FedAvgComponent.ClientRole
            ? new Dictionary<string, IComputeInput> { ["input"] = new InMemoryComputeInput(["x1", "x2", "y"], data[i]) }
            : new Dictionary<string, IComputeInput>()))];

    private static Dictionary<string, JsonElement> Attributes(string model, int rounds) => new()
    {
        ["features"] = JsonSerializer.SerializeToElement(new[] { "x1", "x2" }),
        ["label"] = JsonSerializer.SerializeToElement("y"),
        ["model"] = JsonSerializer.SerializeToElement(model),
        ["rounds"] = JsonSerializer.SerializeToElement(rounds),
        ["local_epochs"] = JsonSerializer.SerializeToElement(2),
        ["learning_rate"] = JsonSerializer.SerializeToElement(0.2),
    };

    private static ReleasePolicy Release()
        => new(new Dictionary<string, IReadOnlySet<string>> { [Aggregator] = new HashSet<string> { ReleaseKinds.Model } });
}
