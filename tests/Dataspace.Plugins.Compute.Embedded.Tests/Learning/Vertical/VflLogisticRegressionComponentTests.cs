using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using Dataspace.Plugins.Compute.Embedded.Learning.Vertical;
using Dataspace.Sdk.Compute;
using Dataspace.Sdk.Testing.Compute;

namespace Dataspace.Plugins.Compute.Embedded.Tests.Learning.Vertical;

public sealed class VflLogisticRegressionComponentTests
{
    private const string Bank = "did:web:bank.example";      // label holder
    private const string Telco = "did:web:telco.example";    // feature holder
    private const string Arbiter = "did:web:arbiter.example";
    private const int TestKeyBits = 512; // test only: production keys have at least 2048 bits

    [Fact]
    public async Task RunAsync_TrainedWeightsAndLossEqualPlaintextTaylorLogisticRegression()
    {
        var data = Synthetic(120, seed: 4);
        var network = new InProcessComputeNetwork([Bank, Telco, Arbiter]) { RecordMessages = true };

        var outcomes = await RunAsync(data, Attributes(epochs: 3, batchSize: 40, rate: 0.3, loss: true), Release(), network);

        Assert.All(outcomes, o => Assert.True(o.Result.Succeeded, o.Result.Reason));
        var reference = Plaintext(data, epochs: 3, batchSize: 40, rate: 0.3);
        var bank = outcomes[0].Outputs.Values[VflLogisticRegressionComponent.WeightsOutput];
        Assert.Equal(ReleaseKinds.Model, bank.Kind);
        Assert.Equal(reference.Intercept, bank.Value.GetProperty("intercept").GetDouble(), tolerance: 1e-5);
        Assert.Equal(reference.WeightsA, Weights(bank.Value, "a1", "a2"), new Tolerance(1e-5));
        var telco = outcomes[1].Outputs.Values[VflLogisticRegressionComponent.WeightsOutput];
        Assert.Equal(reference.WeightsB, Weights(telco.Value, "b1", "b2"), new Tolerance(1e-5));
        Assert.False(telco.Value.TryGetProperty("intercept", out _));
        var losses = outcomes[0].Outputs.Values[VflLogisticRegressionComponent.LossOutput].Value.EnumerateArray().Select(e => e.GetDouble()).ToList();
        Assert.Equal(reference.Losses, losses, new Tolerance(1e-5));
        Assert.True(losses[^1] < losses[0], "the loss falls");
        // Each party holds only its own weights; the arbiter holds nothing.
        Assert.Single(outcomes[1].Outputs.Values);
        Assert.Empty(outcomes[2].Outputs.Values);
        // After nine steps the weights already classify most of the separable data (87% with this seed).
        var correct = data.Count(r => (reference.Intercept + (reference.WeightsA[0] * r.A1) + (reference.WeightsA[1] * r.A2) + (reference.WeightsB[0] * r.B1) + (reference.WeightsB[1] * r.B2) > 0) == (r.Y == 1));
        Assert.True(correct >= 0.8 * data.Count, $"{correct} of {data.Count} classified correctly");
    }

    [Fact]
    public async Task RunAsync_Transcript_HoldsOnlyCiphertextsBetweenDataPartiesAndMaskedValuesAtTheArbiter()
    {
        var data = Synthetic(60, seed: 9);
        var network = new InProcessComputeNetwork([Bank, Telco, Arbiter]) { RecordMessages = true };

        var outcomes = await RunAsync(data, Attributes(epochs: 2, batchSize: 30, rate: 0.3), Release(), network);

        Assert.All(outcomes, o => Assert.True(o.Result.Succeeded, o.Result.Reason));
        var messages = network.Transcript.ToList();
        var n = new BigInteger(messages.Single(m => m.Topic == VflMessages.TopicKey && m.To == Bank).Payload, isUnsigned: true, isBigEndian: true);
        var nn = n * n;
        var width = (int)((nn.GetBitLength() + 7) / 8);

        // Between the data parties: only Paillier ciphertexts, all distinct (even the first epoch's encryptions of 0).
        var seen = new HashSet<BigInteger>();
        foreach (var m in messages.Where(m => m.Topic is VflMessages.TopicPredictor or VflMessages.TopicResidual))
            foreach (var c in Values(m.Payload, width))
            {
                Assert.True(c > 0 && c < nn && BigInteger.GreatestCommonDivisor(c, n).IsOne);
                Assert.True(seen.Add(c), "a ciphertext repeats");
            }

        // What the arbiter decrypts is masked with a uniform value mod n: a true gradient sum would be below 2^100 or
        // above n − 2^100 (it is at most batch·|d·x|·2^54); a uniform value is there with probability about 2^-410.
        var plain = messages.Where(m => m.Topic == VflMessages.TopicGradientPlain).SelectMany(m => Values(m.Payload, (int)((n.GetBitLength() + 7) / 8))).ToList();
        Assert.Equal(2 * 2 * (3 + 2), plain.Count); // epochs · batches · (3 weights at the bank + 2 at the telco)
        var bound = BigInteger.One << 100;
        Assert.All(plain, v => Assert.True(v > bound && v < n - bound, "an unmasked gradient reached the arbiter"));

        // No row value, id or label appears in any message; the alignment message carries a count and a keyed digest.
        var text = string.Join("\n", messages.Select(m => Encoding.UTF8.GetString(m.Payload)));
        foreach (var row in data.Take(20))
        {
            Assert.DoesNotContain(row.Id, text, StringComparison.Ordinal);
            Assert.DoesNotContain(Format(row.A1), text, StringComparison.Ordinal);
            Assert.DoesNotContain(Format(row.B1), text, StringComparison.Ordinal);
        }
        Assert.All(messages.Where(m => m.Topic == VflMessages.TopicAlign), m => Assert.Equal(["rows", "ids_digest"], JsonDocument.Parse(m.Payload).RootElement.EnumerateObject().Select(p => p.Name)));
    }

    [Fact]
    public async Task RunAsync_TablesNotAligned_FailsBeforeAnyCiphertext()
    {
        var data = Synthetic(30, seed: 1);
        var network = new InProcessComputeNetwork([Bank, Telco, Arbiter]) { RecordMessages = true };
        var shuffled = data.Select((r, i) => i == 3 ? r with { Id = "someone-else" } : r).ToList();

        var outcomes = await RunAsync(data, Attributes(), Release(), network, telcoRows: shuffled);

        Assert.All(outcomes, o => Assert.False(o.Result.Succeeded));
        Assert.Contains(outcomes, o => o.Result.Reason!.Contains("not aligned", StringComparison.Ordinal));
        Assert.DoesNotContain(network.Transcript, m => m.Topic is VflMessages.TopicPredictor or VflMessages.TopicResidual or VflMessages.TopicGradient);
        Assert.All(outcomes, o => Assert.Empty(o.Outputs.Values));
    }

    [Fact]
    public async Task RunAsync_AgreementDoesNotReleaseTheModelToTheFeatureHolder_FailsAndReleasesNothing()
    {
        var data = Synthetic(30, seed: 1);
        var release = new ReleasePolicy(new Dictionary<string, IReadOnlySet<string>> { [Bank] = new HashSet<string> { ReleaseKinds.Model } });

        var outcomes = await RunAsync(data, Attributes(), release);

        Assert.All(outcomes, o => Assert.False(o.Result.Succeeded));
        Assert.Contains(outcomes, o => o.Result.Reason!.Contains("does not allow the feature holder", StringComparison.Ordinal));
        Assert.All(outcomes, o => Assert.Empty(o.Outputs.Values));
    }

    [Fact]
    public async Task RunAsync_ProductionComponentWithASmallKey_Refuses()
    {
        var outcomes = await RunAsync(Synthetic(10, 1), Attributes(), Release(), component: new VflLogisticRegressionComponent());

        Assert.All(outcomes, o => Assert.Contains("at least 2048 bits", o.Result.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_BadLabel_FailsWithRowNumber()
    {
        var data = Synthetic(30, seed: 1);
        data[7] = data[7] with { Y = 2 };

        var outcomes = await RunAsync(data, Attributes(batchSize: 10), Release());

        Assert.All(outcomes, o => Assert.False(o.Result.Succeeded));
        Assert.Contains(outcomes, o => o.Result.Reason == "Row 8 has a label that is neither 0 nor 1.");
    }

    [Fact]
    public async Task RunAsync_ArbiterIsTheLabelHolder_Refuses()
    {
        var component = new VflLogisticRegressionComponent(TestKeyBits);
        var context = new ComponentContext
        {
            JobId = "j",
            TaskId = "t",
            Self = Bank,
            Role = VflLogisticRegressionComponent.RoleLabelHolder,
            Parties = [new(Bank, VflLogisticRegressionComponent.RoleLabelHolder), new(Telco, VflLogisticRegressionComponent.RoleFeatureHolder), new(Bank, VflLogisticRegressionComponent.RoleArbiter)],
            Attributes = Attributes(),
            Inputs = new Dictionary<string, IComputeInput>(),
            Outputs = new MemoryComputeOutputs(Bank, Release()),
            Channel = new InProcessComputeNetwork([Bank, Telco]).For(Bank),
            Release = Release(),
        };

        var result = await component.RunAsync(context, default);

        Assert.Contains("arbiter must be neither data party", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("out-of-range", "value is out of range")]
    [InlineData("too-many", "wrong number of values")]
    [InlineData("not-a-unit", "not a Paillier ciphertext")]
    public async Task RunAsync_FeatureHolderSendsMalformedCiphertexts_LabelHolderFailsWithReason(string variant, string reason)
    {
        var data = Synthetic(20, seed: 1);
        var network = new InProcessComputeNetwork([Bank, Telco, Arbiter]);
        using var stop = new CancellationTokenSource();
        var component = new VflLogisticRegressionComponent(TestKeyBits);
        var bankInput = new InMemoryComputeInput(["id", "a1", "label", "a2"], [.. data.Select(r => new[] { r.Id, Format(r.A1), r.Y.ToString(CultureInfo.InvariantCulture), Format(r.A2) })]);
        var bank = component.RunAsync(Context(Bank, VflLogisticRegressionComponent.RoleLabelHolder, network, bankInput), stop.Token);
        var arbiter = component.RunAsync(Context(Arbiter, VflLogisticRegressionComponent.RoleArbiter, network, null), stop.Token);
        var telco = network.For(Telco);

        // A feature holder that follows the protocol up to its first batch of encrypted predictors.
        using (var hmac = System.Security.Cryptography.IncrementalHash.CreateHMAC(System.Security.Cryptography.HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes("vfl/lr:1|job-1|task-1")))
        {
            foreach (var row in data)
            {
                var id = Encoding.UTF8.GetBytes(row.Id);
                hmac.AppendData(BitConverter.GetBytes(id.Length));
                hmac.AppendData(id);
            }
            await telco.SendAsync(Bank, VflMessages.TopicAlign, VflMessages.Json(new VflAlignment(data.Count, Convert.ToHexStringLower(hmac.GetHashAndReset()))), default);
        }
        await telco.ReceiveAsync(Bank, VflMessages.TopicAlign, default);
        await telco.SendAsync(Arbiter, VflMessages.TopicSetup, VflMessages.Json(new VflSetup(data.Count)), default);
        await telco.SendAsync(Arbiter, VflMessages.TopicSetup, VflMessages.Json(new VflShape(2)), default);
        var n = new BigInteger((await telco.ReceiveAsync(Arbiter, VflMessages.TopicKey, default)).Span, isUnsigned: true, isBigEndian: true);
        var width = (int)(((n * n).GetBitLength() + 7) / 8);
        var pk = new VflPaillierPublicKey(n);
        var values = Enumerable.Range(0, 10).Select(_ => pk.Encrypt(0)).ToList();
        if (variant == "out-of-range") values[3] = n * n;
        if (variant == "too-many") values.Add(pk.Encrypt(0));
        if (variant == "not-a-unit") values[5] = n;
        var payload = new byte[4 + (values.Count * width)];
        BitConverter.TryWriteBytes(payload, (uint)values.Count);
        for (var i = 0; i < values.Count; i++)
        {
            var bytes = values[i].ToByteArray(isUnsigned: true, isBigEndian: true);
            bytes.CopyTo(payload, 4 + ((i + 1) * width) - bytes.Length);
        }
        await telco.SendAsync(Bank, VflMessages.TopicPredictor, payload, default);

        var result = await bank.WaitAsync(TimeSpan.FromSeconds(120));
        await stop.CancelAsync();
        network.Close();
        await Assert.ThrowsAnyAsync<Exception>(() => arbiter);
        Assert.False(result.Succeeded);
        Assert.Contains(reason, result.Reason, StringComparison.Ordinal);
    }

    private static ComponentContext Context(string self, string role, InProcessComputeNetwork network, IComputeInput? input) => new()
    {
        JobId = "job-1",
        TaskId = "task-1",
        Self = self,
        Role = role,
        Parties = [new(Bank, VflLogisticRegressionComponent.RoleLabelHolder), new(Telco, VflLogisticRegressionComponent.RoleFeatureHolder), new(Arbiter, VflLogisticRegressionComponent.RoleArbiter)],
        Attributes = Attributes(batchSize: 10),
        Inputs = input is null ? new Dictionary<string, IComputeInput>() : new Dictionary<string, IComputeInput> { ["input"] = input },
        Outputs = new MemoryComputeOutputs(self, Release()),
        Channel = network.For(self),
        Release = Release(),
    };

    private sealed record Row(string Id, double A1, double A2, double B1, double B2, int Y);

    private static List<Row> Synthetic(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(i =>
        {
            double U() => Math.Round((random.NextDouble() * 2) - 1, 6);
            var (a1, a2, b1, b2) = (U(), U(), U(), U());
            // Separable: the label is the side of a fixed hyperplane across both parties' features.
            var y = (1.5 * a1) - (2 * a2) + b1 + (0.5 * b2) + 0.2 > 0 ? 1 : 0;
            return new Row($"cust-{i:D4}", a1, a2, b1, b2, y);
        })];
    }

    private static (double Intercept, double[] WeightsA, double[] WeightsB, List<double> Losses) Plaintext(List<Row> data, int epochs, int batchSize, double rate)
    {
        // The same algorithm in the clear: Taylor residual d = u/4 + 1/2 − y, batches in row order, w −= rate·Σd·x/m.
        double b = 0;
        var wa = new double[2];
        var wb = new double[2];
        var losses = new List<double>();
        for (var e = 0; e < epochs; e++)
        {
            double lossSum = 0;
            foreach (var batch in data.Chunk(batchSize))
            {
                double gb0 = 0, ga0 = 0, ga1 = 0, gb1 = 0, gi = 0;
                foreach (var r in batch)
                {
                    var u = b + (wa[0] * r.A1) + (wa[1] * r.A2) + (wb[0] * r.B1) + (wb[1] * r.B2);
                    var d = (0.25 * u) + 0.5 - r.Y;
                    gi += d;
                    ga0 += d * r.A1;
                    ga1 += d * r.A2;
                    gb0 += d * r.B1;
                    gb1 += d * r.B2;
                    var yp = (2 * r.Y) - 1;
                    lossSum += Math.Log(2) - (0.5 * yp * u) + (0.125 * u * u);
                }
                var m = batch.Length;
                b -= rate * gi / m;
                wa[0] -= rate * ga0 / m;
                wa[1] -= rate * ga1 / m;
                wb[0] -= rate * gb0 / m;
                wb[1] -= rate * gb1 / m;
            }
            losses.Add(lossSum / data.Count);
        }
        return (b, wa, wb, losses);
    }

    private static Task<IReadOnlyList<ComponentHarness.PartyOutcome>> RunAsync(
        List<Row> data, Dictionary<string, JsonElement> attributes, ReleasePolicy release, InProcessComputeNetwork? network = null, List<Row>? telcoRows = null, VflLogisticRegressionComponent? component = null)
    {
        var bankInput = new InMemoryComputeInput(["id", "a1", "label", "a2"], [.. data.Select(r => new[] { r.Id, Format(r.A1), r.Y.ToString(CultureInfo.InvariantCulture), Format(r.A2) })]);
        var telcoInput = new InMemoryComputeInput(["b1", "id", "b2"], [.. (telcoRows ?? data).Select(r => new[] { Format(r.B1), r.Id, Format(r.B2) })]);
        return ComponentHarness.RunAsync(
            component ?? new VflLogisticRegressionComponent(TestKeyBits),
            [
                new(new ComputeParty(Bank, VflLogisticRegressionComponent.RoleLabelHolder), new Dictionary<string, IComputeInput> { ["input"] = bankInput }),
                new(new ComputeParty(Telco, VflLogisticRegressionComponent.RoleFeatureHolder), new Dictionary<string, IComputeInput> { ["input"] = telcoInput }),
                new(new ComputeParty(Arbiter, VflLogisticRegressionComponent.RoleArbiter), new Dictionary<string, IComputeInput>()),
            ],
            attributes,
            release,
            network);
    }

    private static Dictionary<string, JsonElement> Attributes(int epochs = 2, int batchSize = 30, double rate = 0.15, bool loss = false) => new()
    {
        ["id_column"] = JsonSerializer.SerializeToElement("id"),
        ["label_column"] = JsonSerializer.SerializeToElement("label"),
        ["epochs"] = JsonSerializer.SerializeToElement(epochs),
        ["batch_size"] = JsonSerializer.SerializeToElement(batchSize),
        ["learning_rate"] = JsonSerializer.SerializeToElement(rate),
        ["key_bits"] = JsonSerializer.SerializeToElement(TestKeyBits),
        ["compute_loss"] = JsonSerializer.SerializeToElement(loss),
    };

    private static ReleasePolicy Release() => new(new Dictionary<string, IReadOnlySet<string>>
    {
        [Bank] = new HashSet<string> { ReleaseKinds.Model },
        [Telco] = new HashSet<string> { ReleaseKinds.Model },
    });

    private static double[] Weights(JsonElement value, params string[] names)
    {
        var features = value.GetProperty("features").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => f.GetProperty("weight").GetDouble());
        Assert.Equal(names.Length, features.Count);
        return [.. names.Select(n => features[n])];
    }

    private static IEnumerable<BigInteger> Values(byte[] payload, int width)
    {
        var count = BitConverter.ToUInt32(payload, 0);
        Assert.Equal(4 + (count * width), payload.Length);
        for (var i = 0; i < count; i++) yield return new BigInteger(payload.AsSpan(4 + (i * width), width), isUnsigned: true, isBigEndian: true);
    }

    private static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private sealed class Tolerance(double epsilon) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= epsilon;

        public int GetHashCode(double obj) => 0;
    }
}
