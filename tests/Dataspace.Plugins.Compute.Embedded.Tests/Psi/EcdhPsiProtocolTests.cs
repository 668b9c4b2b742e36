using System.Buffers.Binary;
using Dataspace.Plugins.Compute.Embedded.Crypto;
using Dataspace.Plugins.Compute.Embedded.Psi;
using Dataspace.Sdk.Compute;
using Dataspace.Sdk.Testing.Compute;
using static Dataspace.Plugins.Compute.Embedded.Tests.Psi.PsiTestData;

namespace Dataspace.Plugins.Compute.Embedded.Tests.Psi;

/// <summary>The receiver against a scripted, misbehaving sender that speaks the wire format directly.</summary>
public sealed class EcdhPsiProtocolTests
{
    private const int BatchSize = 8;

    public static TheoryData<string, string> MalformedMaskedBatches => new()
    {
        { "short-header", "at least an 8-byte header" },
        { "wrong-length", "expected 72" },
        { "too-many-items", "at most 8" },
        { "replayed-index", "where batch 0 was expected" },
        { "low-order-zero", "not a valid curve25519 point" },
        { "low-order-one", "not a valid curve25519 point" },
        { "non-canonical", "not a valid curve25519 point" },
    };

    [Theory]
    [MemberData(nameof(MalformedMaskedBatches))]
    public async Task MalformedMaskedBatch_EndsTheTaskWithAReason(string kind, string expected)
    {
        var (network, receiverRun) = StartReceiver();
        var peer = network.For(Sender);
        await SendHelloAsync(peer);
        var valid = ValidPoints(2);
        byte[] frame = kind switch
        {
            "short-header" => [1, 2, 3],
            "wrong-length" => WithHeader(0, 2, [.. valid, 0]),
            "too-many-items" => WithHeader(0, BatchSize + 1, new byte[(BatchSize + 1) * 32]),
            "replayed-index" => WithHeader(1, 2, valid),
            "low-order-zero" => WithHeader(0, 2, [.. valid[..32], .. new byte[32]]),
            "low-order-one" => WithHeader(0, 2, [.. valid[..32], 1, .. new byte[31]]),
            "non-canonical" => WithHeader(0, 2, [.. valid[..32], .. Enumerable.Repeat((byte)0xff, 32)]),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        await peer.SendAsync(Receiver, "psi/ecdh/masked", frame, default);

        var result = await receiverRun.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.False(result.Succeeded);
        Assert.Contains(expected, result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReplayedMaskedBatch_AfterAValidOne_EndsTheTask()
    {
        var (network, receiverRun) = StartReceiver();
        var peer = network.For(Sender);
        await SendHelloAsync(peer);
        var frame = WithHeader(0, 2, ValidPoints(2));
        await peer.SendAsync(Receiver, "psi/ecdh/masked", frame, default);
        await peer.SendAsync(Receiver, "psi/ecdh/masked", frame, default);

        var result = await receiverRun.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.False(result.Succeeded);
        Assert.Contains("sent masked batch 0 where batch 1 was expected", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DoubleMaskedBatchWithMoreItemsThanSent_EndsTheTask()
    {
        var (network, receiverRun) = StartReceiver();
        var peer = network.For(Sender);
        await SendHelloAsync(peer);
        // The receiver sent batch 0 of 3 items; the peer answers with 4.
        await peer.ReceiveAsync(Receiver, "psi/ecdh/masked", default);
        await peer.SendAsync(Receiver, "psi/ecdh/dual", WithHeader(0, 4, new byte[4 * 12]), default);

        var result = await receiverRun.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.False(result.Succeeded);
        Assert.Contains("has 4 items; this party's masked batch 0 had 3", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadHello_EndsTheTaskBeforeAnyData()
    {
        var (network, receiverRun) = StartReceiver();
        var peer = network.For(Sender);
        await peer.SendAsync(Receiver, "psi/ecdh/hello", new byte[] { 9, 9 }, default);

        var result = await receiverRun.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.False(result.Succeeded);
        Assert.Contains("hello has 2 bytes", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PeerDisappearsMidTask_EndsTheTaskWithAReason()
    {
        var (network, receiverRun) = StartReceiver();
        var peer = network.For(Sender);
        await SendHelloAsync(peer);
        await peer.SendAsync(Receiver, "psi/ecdh/masked", WithHeader(0, 2, ValidPoints(2)), default);
        await peer.ReceiveAsync(Receiver, "psi/ecdh/masked", default);
        network.Close();

        var result = await receiverRun.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.False(result.Succeeded);
        Assert.Contains("channel to the peer closed", result.Reason, StringComparison.Ordinal);
    }

    private static (InProcessComputeNetwork Network, Task<ComponentResult> Run) StartReceiver()
    {
        var network = new InProcessComputeNetwork([Receiver, Sender]);
        var context = EcdhPsiComponentTests.Context(ReceiverParty, network, Attributes(batchSize: BatchSize), Release([ReleaseKinds.Intersection]), Keys(0, 3));
        return (network, new EcdhPsiComponent().RunAsync(context, default));
    }

    private static async Task SendHelloAsync(IComputeChannel peer)
    {
        var settings = PsiTaskSettings.Parse(Attributes(batchSize: BatchSize), peer.MaxPayloadBytes, out _)!;
        await peer.SendAsync(Receiver, "psi/ecdh/hello", settings.Hello(), default);
        await peer.ReceiveAsync(Receiver, "psi/ecdh/hello", default);
    }

    private static byte[] ValidPoints(int count)
    {
        var output = new byte[count * 32];
        X25519Batch.HashAndMask(X25519Batch.NewPrivateKey(), Keys(0, count, "peer"), output, 1, default);
        return output;
    }

    private static byte[] WithHeader(uint index, int count, byte[] items)
    {
        var frame = new byte[8 + items.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(frame, index);
        BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(4), count);
        items.CopyTo(frame, 8);
        return frame;
    }
}
