using System.Security.Cryptography;
using System.Text;
using Dataspace.Sdk.Compute;
using Dataspace.Sdk.Testing.Compute;
using static Dataspace.Plugins.Compute.Embedded.Tests.Psi.PsiTestData;

namespace Dataspace.Plugins.Compute.Embedded.Tests.Psi;

/// <summary>What each party sees of the other's data: the transcript and the outputs.</summary>
public sealed class EcdhPsiLeakageTests
{
    [Theory]
    [InlineData("intersection")]
    [InlineData("cardinality")]
    public async Task Transcript_CarriesOnlyMaskedPoints_NeverItemsOrTheirHashes(string mode)
    {
        var receiverKeys = Keys(0, 300);
        var senderKeys = Keys(100, 500);
        var network = new InProcessComputeNetwork([Receiver, Sender]) { RecordMessages = true };
        var release = Release([ReleaseKinds.Intersection, ReleaseKinds.Cardinality]);
        var (receiver, sender) = await RunAsync(receiverKeys, senderKeys, Attributes(mode: mode, batchSize: 64), release, network);
        Assert.True(receiver.Result.Succeeded, receiver.Result.Reason);
        Assert.True(sender.Result.Succeeded, sender.Result.Reason);

        var secrets = receiverKeys.Concat(senderKeys).SelectMany(k => new[] { Encoding.UTF8.GetBytes(k), SHA256.HashData(Encoding.UTF8.GetBytes(k)) }).ToList();
        var messages = network.Transcript.ToList();
        Assert.All(messages, m => Assert.Contains(m.Topic, new[] { "psi/ecdh/hello", "psi/ecdh/masked", "psi/ecdh/dual" }));
        foreach (var (from, _, topic, payload) in messages)
        {
            Assert.True(topic != "psi/ecdh/hello" || payload.Length == 8);
            foreach (var secret in secrets) Assert.True(payload.AsSpan().IndexOf(secret) < 0, $"A {topic} message from {from} contains an item or its plain hash.");
        }

        // The sender's whole view: the receiver's hello and its masked points, 32 bytes each, nothing else.
        var toSender = messages.Where(m => m.To == Sender).ToList();
        Assert.All(toSender, m => Assert.Contains(m.Topic, new[] { "psi/ecdh/hello", "psi/ecdh/masked" }));
        Assert.Equal(receiverKeys.Count * 32, toSender.Where(m => m.Topic == "psi/ecdh/masked").Sum(m => m.Payload.Length - 8));
        Assert.Empty(sender.Outputs.Values);
        Assert.Empty(sender.Outputs.Tables);
    }

    [Fact]
    public async Task Cardinality_DoubleMaskedValuesComeBackSorted_SoPositionsRevealNothing_AndNoIdsAreOutput()
    {
        // Common rows at the receiver's start: in input order the first 100 double-masked values would be the matches.
        var receiverKeys = Keys(0, 400);
        var senderKeys = Keys(0, 100);
        var network = new InProcessComputeNetwork([Receiver, Sender]) { RecordMessages = true };
        var (receiver, _) = await RunAsync(receiverKeys, senderKeys, Attributes(mode: "cardinality", batchSize: 50), Release([ReleaseKinds.Cardinality]), network);
        Assert.True(receiver.Result.Succeeded, receiver.Result.Reason);

        var dual = network.Transcript.Where(m => m.To == Receiver && m.Topic == "psi/ecdh/dual").SelectMany(m => Chunks(m.Payload[8..], 12)).ToList();
        Assert.Equal(400, dual.Count);
        for (var i = 1; i < dual.Count; i++) Assert.True(Convert.ToHexString(dual[i - 1]).CompareTo(Convert.ToHexString(dual[i])) <= 0, "The double-masked values are not sorted.");

        Assert.Equal(100, Size(receiver));
        Assert.Empty(receiver.Outputs.Tables);
        Assert.Equal(["intersection_size"], receiver.Outputs.Values.Keys);
    }

    [Fact]
    public async Task Cardinality_SendersMaskedPointsArriveInValueOrder_SoMatchPositionsSayNothingAboutItsRows()
    {
        // The sender's common rows are its first 100: in input order the receiver would see where they are.
        var network = new InProcessComputeNetwork([Receiver, Sender]) { RecordMessages = true };
        var (receiver, _) = await RunAsync(Keys(0, 100), Keys(0, 300), Attributes(mode: "cardinality", batchSize: 64), Release([ReleaseKinds.Cardinality]), network);
        Assert.True(receiver.Result.Succeeded, receiver.Result.Reason);

        var points = network.Transcript.Where(m => m.From == Sender && m.Topic == "psi/ecdh/masked").SelectMany(m => Chunks(m.Payload[8..], 32)).ToList();
        Assert.Equal(300, points.Count);
        for (var i = 1; i < points.Count; i++)
            Assert.True(points[i - 1].AsSpan(0, 12).SequenceCompareTo(points[i].AsSpan(0, 12)) <= 0, "The sender's masked points are in input order, not shuffled.");
        Assert.Equal(100, Size(receiver));
    }

    [Fact]
    public async Task IntersectionToReceiver_DoubleMaskedValuesComeBackInTheReceiversOrder_AndTheSenderLearnsNothing()
    {
        var network = new InProcessComputeNetwork([Receiver, Sender]) { RecordMessages = true };
        var (receiver, sender) = await RunAsync(Keys(0, 50), Keys(25, 75), Attributes(batchSize: 10), Release([ReleaseKinds.Intersection]), network);
        Assert.True(receiver.Result.Succeeded, receiver.Result.Reason);

        Assert.DoesNotContain(network.Transcript, m => m.To == Sender && m.Topic == "psi/ecdh/dual");
        Assert.Equal(50, network.Transcript.Where(m => m.To == Receiver && m.Topic == "psi/ecdh/dual").Sum(m => (m.Payload.Length - 8) / 12));
        Assert.False(sender.Result.Metrics.ContainsKey("intersection_size"));
    }

    private static IEnumerable<byte[]> Chunks(byte[] bytes, int size)
    {
        for (var i = 0; i + size <= bytes.Length; i += size) yield return bytes[i..(i + size)];
    }
}
