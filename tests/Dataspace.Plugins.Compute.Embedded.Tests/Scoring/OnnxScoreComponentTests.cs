using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dataspace.Plugins.Compute.Embedded.Scoring;
using Dataspace.Sdk.Compute;
using Dataspace.Sdk.Testing.Compute;

namespace Dataspace.Plugins.Compute.Embedded.Tests.Scoring;

public sealed class OnnxScoreComponentTests
{
    private const string Owner = "did:web:lender.example";
    private const string Holder = "did:web:tax-office.example";
    private static readonly float[] Weights = [0.8f, -1.2f, 0.35f];
    private const float Bias = -0.25f;
    private static readonly string[] Features = ["income", "debt", "tenure"];
    private static readonly string[] Columns = ["id", "income", "debt", "tenure", "secret"];

    [Fact]
    public async Task RunAsync_Rows_ScoresEqualPlaintextLogisticRegression_AndOnlyKeyAndScoreLeave()
    {
        var model = OnnxModelBuilder.LogisticRegression(Weights, Bias);
        var rows = Rows(2500, seed: 7);
        // A small channel limit makes the model travel in several chunks and the scores in many frames.
        var network = new InProcessComputeNetwork([Owner, Holder], maxPayloadBytes: 128) { RecordMessages = true };

        var outcomes = await RunAsync(model, rows, Attributes(batchSize: 256, key: "id"), Release(model), network);

        Assert.All(outcomes, o => Assert.True(o.Result.Succeeded, o.Result.Reason));
        var table = outcomes[0].Outputs.Tables[OnnxScoreComponent.ScoresOutput];
        Assert.Equal(ReleaseKinds.Score, table.Kind);
        Assert.Equal(["id", "score"], table.Columns);
        Assert.Equal(rows.Count, table.Rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(rows[i][0], table.Rows[i][0]);
            Assert.Equal(Plaintext(rows[i]), double.Parse(table.Rows[i][1], CultureInfo.InvariantCulture), tolerance: 1e-5);
        }
        Assert.Equal(2500, outcomes[1].Result.RowsProcessed);
        Assert.Empty(outcomes[1].Outputs.Tables);
        Assert.Empty(outcomes[1].Outputs.Values);
        Assert.True(network.Transcript.Count(m => m.Topic == ScoreMessages.TopicModel) > 1, "the model is sent in batches");

        // Leakage: every result frame the holder sent holds only the key and the score, never a feature or the secret.
        foreach (var (from, _, topic, payload) in network.Transcript.Where(m => m.From == Holder))
        {
            Assert.DoesNotContain("SECRET", Encoding.UTF8.GetString(payload), StringComparison.Ordinal);
            if (topic != ScoreMessages.TopicResult || payload[0] != ScoreMessages.Rows) continue;
            foreach (var row in ScoreMessages.UnpackRows(payload, 2)!)
            {
                Assert.StartsWith("id-", row[0], StringComparison.Ordinal);
                var score = double.Parse(row[1], CultureInfo.InvariantCulture);
                Assert.InRange(score, 0, 1);
            }
        }
    }

    [Fact]
    public async Task RunAsync_RowsWithoutKey_ReleasesScoresInInputOrder()
    {
        var model = OnnxModelBuilder.LogisticRegression(Weights, Bias);
        var rows = Rows(10, seed: 3);

        var outcomes = await RunAsync(model, rows, Attributes(), Release(model));

        Assert.All(outcomes, o => Assert.True(o.Result.Succeeded, o.Result.Reason));
        var table = outcomes[0].Outputs.Tables[OnnxScoreComponent.ScoresOutput];
        Assert.Equal(["score"], table.Columns);
        Assert.Equal(rows.Select(Plaintext), table.Rows.Select(r => double.Parse(r[0], CultureInfo.InvariantCulture)), new Tolerance(1e-5));
    }

    [Fact]
    public async Task RunAsync_TwoWideOutput_ReleasesOneColumnPerClass()
    {
        var model = OnnxModelBuilder.LogisticRegression(Weights, Bias, twoClass: true);
        var rows = Rows(50, seed: 8);

        var outcomes = await RunAsync(model, rows, Attributes(key: "id", batchSize: 16), Release(model));

        Assert.All(outcomes, o => Assert.True(o.Result.Succeeded, o.Result.Reason));
        var table = outcomes[0].Outputs.Tables[OnnxScoreComponent.ScoresOutput];
        Assert.Equal(["id", "score_0", "score_1"], table.Columns);
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(Plaintext(rows[i]), double.Parse(table.Rows[i][1], CultureInfo.InvariantCulture), tolerance: 1e-5);
            Assert.Equal(1 - Plaintext(rows[i]), double.Parse(table.Rows[i][2], CultureInfo.InvariantCulture), tolerance: 1e-5);
        }
    }

    [Fact]
    public async Task RunAsync_AggregateOverATwoWideOutput_Fails()
    {
        var model = OnnxModelBuilder.LogisticRegression(Weights, Bias, twoClass: true);

        var outcomes = await RunAsync(model, Rows(50, 1), Attributes(mode: "aggregate"), Release(model, kind: ReleaseKinds.Aggregate));

        AssertFailedWithNothingReleased(outcomes, "one value per row");
    }

    [Fact]
    public async Task RunAsync_UnapprovedDigest_FailsAtBothAndTheModelNeverMoves()
    {
        var model = OnnxModelBuilder.LogisticRegression(Weights, Bias);
        var approvedOther = OnnxModelBuilder.LogisticRegression([1f, 1f, 1f], 0f);
        var network = new InProcessComputeNetwork([Owner, Holder]) { RecordMessages = true };

        var outcomes = await RunAsync(model, Rows(20, 1), Attributes(), Release(approvedOther), network);

        AssertFailedWithNothingReleased(outcomes, "is not one the agreement approves");
        Assert.DoesNotContain(network.Transcript, m => m.Topic is ScoreMessages.TopicModel or ScoreMessages.TopicResult);
    }

    [Theory]
    [InlineData("fewer-features", "need [batch, 2]")]
    [InlineData("two-inputs", "takes 2 inputs")]
    [InlineData("fixed-batch", "fixed batch size of 8")]
    [InlineData("missing-output", "has no output 'probability'")]
    public async Task RunAsync_ModelDoesNotMatchTheTask_FailsWithReasonAndReleasesNothing(string variant, string reason)
    {
        var model = variant switch
        {
            "two-inputs" => OnnxModelBuilder.TwoInputs(),
            "fixed-batch" => OnnxModelBuilder.LogisticRegression(Weights, Bias, fixedBatch: true),
            _ => OnnxModelBuilder.LogisticRegression(Weights, Bias),
        };
        var attributes = variant switch
        {
            "fewer-features" => Attributes(features: ["income", "debt"]),
            "missing-output" => Attributes(outputs: ["probability"]),
            _ => Attributes(),
        };
        var release = Release(model, columns: ["score", "probability"]);

        var outcomes = await RunAsync(model, Rows(20, 1), attributes, release);

        AssertFailedWithNothingReleased(outcomes, reason);
    }

    [Fact]
    public async Task RunAsync_OutputColumnNotWhitelisted_FailsBeforeTheModelMoves()
    {
        var model = OnnxModelBuilder.LogisticRegression(Weights, Bias);
        var network = new InProcessComputeNetwork([Owner, Holder]) { RecordMessages = true };

        var outcomes = await RunAsync(model, Rows(20, 1), Attributes(outputs: ["score", "logit"]), Release(model), network);

        AssertFailedWithNothingReleased(outcomes, "'logit' is not one the agreement allows");
        Assert.DoesNotContain(network.Transcript, m => m.Topic is ScoreMessages.TopicModel or ScoreMessages.TopicResult);
    }

    [Fact]
    public async Task RunAsync_KeyColumnNotWhitelisted_Fails()
    {
        var model = OnnxModelBuilder.LogisticRegression(Weights, Bias);

        var outcomes = await RunAsync(model, Rows(20, 1), Attributes(key: "secret"), Release(model));

        AssertFailedWithNothingReleased(outcomes, "key column 'secret'");
    }

    [Fact]
    public async Task RunAsync_CorruptModelWithApprovedDigest_FailsAsInvalidOnnx()
    {
        var corrupt = new byte[300];
        new Random(5).NextBytes(corrupt);

        var outcomes = await RunAsync(corrupt, Rows(20, 1), Attributes(), Release(corrupt));

        AssertFailedWithNothingReleased(outcomes, "not a valid ONNX model");
    }

    [Fact]
    public async Task RunAsync_ModelOverMaxModelBytes_FailsBeforeItMoves()
    {
        var model = OnnxModelBuilder.LogisticRegression(Weights, Bias);

        var outcomes = await RunAsync(model, Rows(20, 1), Attributes(maxModelBytes: 64), Release(model));

        AssertFailedWithNothingReleased(outcomes, "max_model_bytes");
    }

    [Fact]
    public async Task RunAsync_NonNumericFeature_FailsWithRowAndColumnButNoValue()
    {
        var model = OnnxModelBuilder.LogisticRegression(Weights, Bias);
        var rows = Rows(20, 1);
        rows[13][2] = "SECRET-not-a-number";

        var outcomes = await RunAsync(model, rows, Attributes(batchSize: 8), Release(model));

        AssertFailedWithNothingReleased(outcomes, "Row 14 of the input has no finite number in the feature column 'debt'");
        Assert.All(outcomes, o => Assert.DoesNotContain("SECRET", o.Result.Reason!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_RowsButAgreementAllowsOnlyAggregates_Fails()
    {
        var model = OnnxModelBuilder.LogisticRegression(Weights, Bias);

        var outcomes = await RunAsync(model, Rows(20, 1), Attributes(), Release(model, kind: ReleaseKinds.Aggregate));

        AssertFailedWithNothingReleased(outcomes, "does not allow the model owner to receive 'score'");
    }

    [Fact]
    public async Task RunAsync_Aggregate_MeanAndCountAboveThresholdEqualPlaintext()
    {
        var model = OnnxModelBuilder.LogisticRegression(Weights, Bias);
        var rows = Rows(1000, seed: 11);
        var scores = rows.Select(Plaintext).ToList();
        Assert.DoesNotContain(scores, s => Math.Abs(s - 0.4) < 1e-5); // no score so near the threshold that float rounding decides it

        var outcomes = await RunAsync(model, rows, Attributes(mode: "aggregate", threshold: 0.4, batchSize: 100), Release(model, kind: ReleaseKinds.Aggregate, minGroup: 10));

        Assert.All(outcomes, o => Assert.True(o.Result.Succeeded, o.Result.Reason));
        var (kind, value) = outcomes[0].Outputs.Values[OnnxScoreComponent.SummaryOutput];
        Assert.Equal(ReleaseKinds.Aggregate, kind);
        Assert.Equal(1000, value.GetProperty("count").GetInt64());
        Assert.Equal(scores.Average(), value.GetProperty("mean").GetDouble(), tolerance: 1e-5);
        Assert.Equal(scores.Count(s => s > 0.4), value.GetProperty("count_above").GetInt64());
        Assert.Empty(outcomes[0].Outputs.Tables);
    }

    [Fact]
    public async Task RunAsync_AggregateOverFewerRowsThanMinGroupSize_FailsAndReleasesNothing()
    {
        var model = OnnxModelBuilder.LogisticRegression(Weights, Bias);

        var outcomes = await RunAsync(model, Rows(50, 1), Attributes(mode: "aggregate"), Release(model, kind: ReleaseKinds.Aggregate, minGroup: 100));

        AssertFailedWithNothingReleased(outcomes, "minimum group size of 100");
    }

    [Fact]
    public async Task RunAsync_AggregateWithFewRowsAboveThreshold_SuppressesThatCount()
    {
        var model = OnnxModelBuilder.LogisticRegression(Weights, Bias);
        var rows = Rows(200, seed: 2);
        var top = rows.Select(Plaintext).OrderDescending().ToList();
        Assert.True(top[2] - top[3] > 1e-4, "the data leaves a gap between the third and fourth score");
        var threshold = (top[2] + top[3]) / 2; // three rows above it

        var outcomes = await RunAsync(model, rows, Attributes(mode: "aggregate", threshold: threshold), Release(model, kind: ReleaseKinds.Aggregate, minGroup: 10));

        Assert.All(outcomes, o => Assert.True(o.Result.Succeeded, o.Result.Reason));
        var value = outcomes[0].Outputs.Values[OnnxScoreComponent.SummaryOutput].Value;
        Assert.Equal(JsonValueKind.Null, value.GetProperty("count_above").ValueKind);
    }

    [Fact]
    public async Task RunAsync_HolderReceivesBytesOtherThanTheApprovedModelOffered_Refuses()
    {
        var model = OnnxModelBuilder.LogisticRegression(Weights, Bias);
        var tampered = OnnxModelBuilder.LogisticRegression([0.8f, -1.2f, 9.5f], Bias);
        Assert.Equal(model.Length, tampered.Length);
        var network = new InProcessComputeNetwork([Owner, Holder]);
        var holderOutputs = new MemoryComputeOutputs(Holder, Release(model));
        var holder = new OnnxScoreComponent().RunAsync(Context(Holder, OnnxScoreComponent.RoleDataHolder, network, holderOutputs, Rows(5, 1), Release(model)), CancellationToken.None);
        var owner = network.For(Owner);

        // A peer that announces the approved digest and then sends other bytes of the same length.
        await owner.SendAsync(Holder, ScoreMessages.TopicOffer, ScoreMessages.Json(new ScoreOffer(true, model.Length, Digest(model))), default);
        Assert.True(ScoreMessages.Parse<ScoreVerdict>((await owner.ReceiveAsync(Holder, ScoreMessages.TopicVerdict, default)).Span)!.Ok);
        await owner.SendAsync(Holder, ScoreMessages.TopicModel, tampered, default);
        var verdict = ScoreMessages.Parse<ScoreVerdict>((await owner.ReceiveAsync(Holder, ScoreMessages.TopicVerdict, default)).Span)!;

        var result = await holder;
        Assert.False(verdict.Ok);
        Assert.False(result.Succeeded);
        Assert.Contains("not the approved", result.Reason, StringComparison.Ordinal);
        Assert.Empty(holderOutputs.Tables);
    }

    [Fact]
    public async Task RunAsync_HolderGetsAChunkPastTheOfferedSize_Refuses()
    {
        var model = OnnxModelBuilder.LogisticRegression(Weights, Bias);
        var network = new InProcessComputeNetwork([Owner, Holder]);
        var holder = new OnnxScoreComponent().RunAsync(Context(Holder, OnnxScoreComponent.RoleDataHolder, network, new MemoryComputeOutputs(Holder, Release(model)), Rows(5, 1), Release(model)), CancellationToken.None);
        var owner = network.For(Owner);

        await owner.SendAsync(Holder, ScoreMessages.TopicOffer, ScoreMessages.Json(new ScoreOffer(true, model.Length - 10, Digest(model))), default);
        await owner.ReceiveAsync(Holder, ScoreMessages.TopicVerdict, default);
        await owner.SendAsync(Holder, ScoreMessages.TopicModel, model, default);

        var result = await holder;
        Assert.False(result.Succeeded);
        Assert.Contains("runs past the declared size", result.Reason, StringComparison.Ordinal);
    }

    private static void AssertFailedWithNothingReleased(IReadOnlyList<ComponentHarness.PartyOutcome> outcomes, string reason)
    {
        Assert.All(outcomes, o => Assert.False(o.Result.Succeeded));
        // The party that found the problem says what it is; the other either relays it or saw its peer leave.
        Assert.Contains(outcomes, o => o.Result.Reason!.Contains(reason, StringComparison.Ordinal));
        Assert.All(outcomes, o =>
        {
            Assert.Empty(o.Outputs.Tables);
            Assert.Empty(o.Outputs.Values);
            Assert.Empty(o.Outputs.Blobs);
        });
    }

    private static Task<IReadOnlyList<ComponentHarness.PartyOutcome>> RunAsync(
        byte[] model, List<string[]> rows, Dictionary<string, JsonElement> attributes, ReleasePolicy release, InProcessComputeNetwork? network = null)
        => ComponentHarness.RunAsync(
            new OnnxScoreComponent(),
            [
                new ComponentHarness.PartySetup(new ComputeParty(Owner, OnnxScoreComponent.RoleModelOwner), new Dictionary<string, IComputeInput>(),
                    Blobs: new Dictionary<string, IComputeBlobInput> { [OnnxScoreComponent.ModelBlob] = new InMemoryComputeBlobInput(model, "application/onnx") }),
                new ComponentHarness.PartySetup(new ComputeParty(Holder, OnnxScoreComponent.RoleDataHolder), new Dictionary<string, IComputeInput> { ["input"] = new InMemoryComputeInput(Columns, rows) }),
            ],
            attributes,
            release,
            network);

    private static ComponentContext Context(string self, string role, InProcessComputeNetwork network, MemoryComputeOutputs outputs, List<string[]> rows, ReleasePolicy release) => new()
    {
        JobId = "job-1",
        TaskId = "task-1",
        Self = self,
        Role = role,
        Parties = [new ComputeParty(Owner, OnnxScoreComponent.RoleModelOwner), new ComputeParty(Holder, OnnxScoreComponent.RoleDataHolder)],
        Attributes = Attributes(),
        Inputs = new Dictionary<string, IComputeInput> { ["input"] = new InMemoryComputeInput(Columns, rows) },
        Outputs = outputs,
        Channel = network.For(self),
        Release = release,
    };

    private static Dictionary<string, JsonElement> Attributes(
        string mode = "rows", string[]? features = null, string[]? outputs = null, string? key = null, double? threshold = null, int? batchSize = null, long? maxModelBytes = null)
    {
        var a = new Dictionary<string, JsonElement>
        {
            ["mode"] = JsonSerializer.SerializeToElement(mode),
            ["feature_columns"] = JsonSerializer.SerializeToElement(features ?? Features),
            ["output_columns"] = JsonSerializer.SerializeToElement(outputs ?? ["score"]),
        };
        if (key is not null) a["key_column"] = JsonSerializer.SerializeToElement(key);
        if (threshold is not null) a["threshold"] = JsonSerializer.SerializeToElement(threshold.Value);
        if (batchSize is not null) a["batch_size"] = JsonSerializer.SerializeToElement(batchSize.Value);
        if (maxModelBytes is not null) a["max_model_bytes"] = JsonSerializer.SerializeToElement(maxModelBytes.Value);
        return a;
    }

    private static ReleasePolicy Release(byte[] approvedModel, string kind = ReleaseKinds.Score, int minGroup = 0, string[]? columns = null)
        => new(
            new Dictionary<string, IReadOnlySet<string>> { [Owner] = new HashSet<string> { kind } },
            MinGroupSize: minGroup,
            AllowedModelDigests: new HashSet<string> { Digest(approvedModel) },
            AllowedOutputColumns: new HashSet<string>(columns ?? ["id", "score"]));

    private static string Digest(byte[] model) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(model));

    private static List<string[]> Rows(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(i => new[]
        {
            $"id-{i:D5}",
            (random.NextDouble() * 4 - 2).ToString("R", CultureInfo.InvariantCulture),
            (random.NextDouble() * 3).ToString("R", CultureInfo.InvariantCulture),
            (random.NextDouble() * 5).ToString("R", CultureInfo.InvariantCulture),
            $"SECRET-{random.Next()}",
        })];
    }

    // The same formula the model computes, in double from the float-parsed features.
    private static double Plaintext(string[] row)
    {
        var z = (double)Bias;
        for (var i = 0; i < Weights.Length; i++) z += Weights[i] * (double)float.Parse(row[i + 1], CultureInfo.InvariantCulture);
        return 1 / (1 + Math.Exp(-z));
    }

    private sealed class Tolerance(double epsilon) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= epsilon;

        public int GetHashCode(double obj) => 0;
    }
}
