using System.Globalization;
using System.Numerics;
using Dataspace.Plugins.Compute.Embedded.Psi;
using Dataspace.Sdk.Compute;
using Dataspace.Sdk.Testing.Compute;
using static Dataspace.Plugins.Compute.Embedded.Tests.Psi.PsiTestData;

namespace Dataspace.Plugins.Compute.Embedded.Tests.Psi;

public sealed class EcdhPsiIntersectionSumTests
{
    [Theory]
    [InlineData(40, 30, 20, 16)]   // 10 common rows, several batches
    [InlineData(10, 10, 100, 4096)] // disjoint: sum 0
    public async Task IntersectionSum_ReceiverGetsSumAndCount_EqualToPlaintext(int receiverRows, int senderRows, int senderStart, int batch)
    {
        var receiverKeys = Keys(0, receiverRows);
        var senderKeys = Keys(senderStart, senderStart + senderRows);
        var values = senderKeys.ToDictionary(k => k, k => (long)(k.GetHashCode(StringComparison.Ordinal) % 100_000));
        var network = new InProcessComputeNetwork([Receiver, Sender]) { RecordMessages = true };
        var (receiver, sender) = await RunSumAsync(receiverKeys, senderKeys, values, batch, Release([ReleaseKinds.IntersectionSum]), network);

        Assert.True(receiver.Result.Succeeded, receiver.Result.Reason);
        Assert.True(sender.Result.Succeeded, sender.Result.Reason);
        var common = receiverKeys.Intersect(senderKeys).ToList();
        Assert.Equal(common.Count, receiver.Outputs.Values["intersection_size"].Value.GetInt64());
        Assert.Equal(common.Sum(k => values[k]), receiver.Outputs.Values["intersection_sum"].Value.GetInt64());
        Assert.Equal(ReleaseKinds.IntersectionSum, receiver.Outputs.Values["intersection_sum"].Kind);
        Assert.Empty(receiver.Outputs.Tables);
        Assert.Empty(sender.Outputs.Values);

        // The sender decrypted only the blinded sum: what it sent back is not the sum.
        var decrypted = network.Transcript.Single(m => m.From == Sender && m.Topic == "psi/ecdh/sum").Payload;
        Assert.NotEqual(new BigInteger(common.Sum(k => values[k])), new BigInteger(decrypted, isUnsigned: true, isBigEndian: true));
        // The sender's view: hello, masked points (32 bytes each) and one ciphertext; no dual values, no sorted stream.
        Assert.All(network.Transcript.Where(m => m.To == Sender), m => Assert.Contains(m.Topic, new[] { "psi/ecdh/hello", "psi/ecdh/masked", "psi/ecdh/sum" }));
    }

    [Fact]
    public async Task IntersectionSum_FewerMatchesThanTheMinimumGroup_SumSuppressed()
    {
        var senderKeys = Keys(0, 3);
        var release = Release([ReleaseKinds.IntersectionSum]) with { MinGroupSize = 5 };
        var (receiver, sender) = await RunSumAsync(Keys(0, 10), senderKeys, senderKeys.ToDictionary(k => k, _ => 1000L), 4096, release);

        Assert.True(receiver.Result.Succeeded, receiver.Result.Reason);
        Assert.True(sender.Result.Succeeded, sender.Result.Reason);
        Assert.False(receiver.Outputs.Values.ContainsKey("intersection_sum"));
        Assert.Equal(1, receiver.Result.Metrics["sum_suppressed"]);
    }

    [Fact]
    public async Task IntersectionSum_AgreementAllowsOnlyCardinality_Refused()
    {
        var network = new InProcessComputeNetwork([Receiver, Sender]) { RecordMessages = true };
        var senderKeys = Keys(0, 3);
        var (receiver, _) = await RunSumAsync(Keys(0, 3), senderKeys, senderKeys.ToDictionary(k => k, _ => 1L), 4096, Release([ReleaseKinds.Cardinality]), network);

        Assert.False(receiver.Result.Succeeded);
        Assert.Contains("'intersection-sum'", receiver.Result.Reason, StringComparison.Ordinal);
        Assert.Empty(network.Transcript);
    }

    [Fact]
    public async Task IntersectionSum_PayloadNotAnInteger_FailsWithTheRow()
    {
        var senderKeys = Keys(0, 3);
        var values = senderKeys.ToDictionary(k => k, _ => 1L);
        var (_, sender) = await RunSumAsync(Keys(0, 3), senderKeys, values, 4096, Release([ReleaseKinds.IntersectionSum]), payloadOverride: "12.5");

        Assert.False(sender.Result.Succeeded);
        Assert.Contains("Row 1: the payload '12.5' is not an integer", sender.Result.Reason, StringComparison.Ordinal);
    }

    private static async Task<(ComponentHarness.PartyOutcome Receiver, ComponentHarness.PartyOutcome Sender)> RunSumAsync(
        List<string> receiverKeys, List<string> senderKeys, Dictionary<string, long> values, int batch, ReleasePolicy release,
        InProcessComputeNetwork? network = null, string? payloadOverride = null)
    {
        var attributes = Attributes(mode: "intersection-sum", batchSize: batch);
        attributes["value"] = System.Text.Json.JsonSerializer.SerializeToElement("amount");
        var senderInput = new InMemoryComputeInput(["customer_id", "amount"],
            [.. senderKeys.Select(k => new[] { k, payloadOverride ?? values[k].ToString(CultureInfo.InvariantCulture) })]);
        var outcomes = await ComponentHarness.RunAsync(
            new EcdhPsiComponent(),
            [
                new ComponentHarness.PartySetup(ReceiverParty, new Dictionary<string, IComputeInput> { ["input"] = Input(receiverKeys) }),
                new ComponentHarness.PartySetup(SenderParty, new Dictionary<string, IComputeInput> { ["input"] = senderInput }),
            ],
            attributes,
            release,
            network).WaitAsync(TimeSpan.FromMinutes(10));
        return (outcomes[0], outcomes[1]);
    }
}
