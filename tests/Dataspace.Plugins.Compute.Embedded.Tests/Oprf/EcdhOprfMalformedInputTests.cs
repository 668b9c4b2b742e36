using System.Buffers.Binary;
using Dataspace.Plugins.Compute.Embedded.Oprf;
using Dataspace.Sdk.Compute;

namespace Dataspace.Plugins.Compute.Embedded.Tests.Oprf;

public sealed class EcdhOprfMalformedInputTests : IDisposable
{
    private static readonly byte[] NonCanonical = Convert.FromHexString("f3ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
    private readonly OprfTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    private static byte[] Valid(string key) => Ristretto255Oprf.Base.Blind(System.Text.Encoding.UTF8.GetBytes(key)).BlindedElement.ToArray();

    private static byte[] Batch(uint count, params byte[][] elements)
    {
        var message = new byte[4 + elements.Sum(e => e.Length)];
        BinaryPrimitives.WriteUInt32BigEndian(message, count);
        var offset = 4;
        foreach (var e in elements) { e.CopyTo(message, offset); offset += e.Length; }
        return message;
    }

    public static TheoryData<string, byte[], string> BadBatches => new()
    {
        { "non-canonical element", Batch(2, Valid("a"), NonCanonical), "not a canonical ristretto255 encoding" },
        { "identity element", Batch(2, Valid("a"), new byte[32]), "identity" },
        { "count above batch size", Batch(3, Valid("a"), Valid("b"), Valid("c")), "expected 1 to 2" },
        { "count and length disagree", Batch(2, Valid("a")), "need exactly" },
        { "empty batch", Batch(0), "expected 1 to 2" },
        { "truncated", [0, 0], "shorter than its 4-byte count" },
    };

    [Theory]
    [MemberData(nameof(BadBatches))]
    public async Task Psi_MalformedBlindedBatch_EndsTheTaskWithReason(string what, byte[] batch, string reason)
    {
        var result = await _bed.RunServerAgainstAsync(OprfTestBed.Blacklist(50), OprfTestBed.Attributes(("batch_size", 2)), OprfTestBed.Allow(ReleaseKinds.Intersection),
            async channel =>
            {
                await channel.SendAsync(OprfTestBed.Server, OprfWire.Hello, new byte[] { 1, 0, 0, 0, 0, 4 }, default);
                await channel.ReceiveAsync(OprfTestBed.Server, OprfWire.Params, default);
                await channel.SendAsync(OprfTestBed.Server, OprfWire.Blinded, batch, default);
            });
        Assert.False(result.Succeeded, what);
        Assert.Contains(reason, result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Psi_BatchBeyondAnnouncedCount_EndsTheTask()
    {
        var result = await _bed.RunServerAgainstAsync(OprfTestBed.Blacklist(50), OprfTestBed.Attributes(("batch_size", 8)), OprfTestBed.Allow(ReleaseKinds.Intersection),
            async channel =>
            {
                await channel.SendAsync(OprfTestBed.Server, OprfWire.Hello, new byte[] { 1, 0, 0, 0, 0, 1 }, default);
                await channel.ReceiveAsync(OprfTestBed.Server, OprfWire.Params, default);
                await channel.SendAsync(OprfTestBed.Server, OprfWire.Blinded, Batch(2, Valid("a"), Valid("b")), default);
            });
        Assert.False(result.Succeeded);
        Assert.Contains("expected 1 to 1", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 1, 0, 0, 0, 0 }, "ends early")]
    [InlineData(new byte[] { 1, 0, 0, 0, 0, 1, 9 }, "trailing")]
    [InlineData(new byte[] { 2, 0, 0, 0, 0, 1 }, "protocol version")]
    [InlineData(new byte[] { 1, 1, 0, 0, 0, 1 }, "mode")]
    [InlineData(new byte[] { 1, 0, 0, 0, 0, 0 }, "no items")]
    [InlineData(new byte[] { 1, 0, 0, 0, 0, 9 }, "max_queries")]
    public async Task Psi_MalformedHello_EndsTheTaskWithReason(byte[] hello, string reason)
    {
        var result = await _bed.RunServerAgainstAsync(OprfTestBed.Blacklist(50), OprfTestBed.Attributes(("max_queries", 8)), OprfTestBed.Allow(ReleaseKinds.Intersection),
            channel => channel.SendAsync(OprfTestBed.Server, OprfWire.Hello, hello, default).AsTask());
        Assert.False(result.Succeeded);
        Assert.Contains(reason, result.Reason, StringComparison.Ordinal);
        Assert.Equal(0, _bed.Cache.Evaluations);
    }

    [Fact]
    public async Task Psi_RogueServerSendsIdentity_ClientFails()
    {
        var result = await _bed.RunClientAgainstAsync(OprfTestBed.Input(["id"], [["cust-1"]]), OprfTestBed.Attributes(), OprfTestBed.Allow(ReleaseKinds.Intersection),
            async channel =>
            {
                await channel.ReceiveAsync(OprfTestBed.Client, OprfWire.Hello, default);
                await channel.SendAsync(OprfTestBed.Client, OprfWire.Params, new OprfWire.Writer().Byte(1).Byte(0).Byte(0).Int64(1).Byte(0).ToArray(), default);
                await channel.ReceiveAsync(OprfTestBed.Client, OprfWire.Blinded, default);
                await channel.SendAsync(OprfTestBed.Client, OprfWire.Evaluated, Batch(1, new byte[32]), default);
            });
        Assert.False(result.Succeeded);
        Assert.Contains("identity", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Psi_RogueServerSendsMoreTagsThanAnnounced_ClientFails()
    {
        var result = await _bed.RunClientAgainstAsync(OprfTestBed.Input(["id"], [["cust-1"]]), OprfTestBed.Attributes(), OprfTestBed.Allow(ReleaseKinds.Intersection),
            async channel =>
            {
                await channel.ReceiveAsync(OprfTestBed.Client, OprfWire.Hello, default);
                await channel.SendAsync(OprfTestBed.Client, OprfWire.Params, new OprfWire.Writer().Byte(1).Byte(0).Byte(0).Int64(1).Byte(0).ToArray(), default);
                var blinded = await channel.ReceiveAsync(OprfTestBed.Client, OprfWire.Blinded, default);
                await channel.SendAsync(OprfTestBed.Client, OprfWire.Evaluated, blinded.ToArray(), default);
                await channel.SendAsync(OprfTestBed.Client, OprfWire.Tags, Batch(2, new byte[16], new byte[16]), default);
            });
        Assert.False(result.Succeeded);
        Assert.Contains("tags batch of 2", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Voprf_RogueServerUsesAnotherKey_ClientRejectsTheProof()
    {
        var (sk, pk) = Ristretto255Oprf.Verifiable.DeriveKeyPair(new byte[32], []);
        var (other, _) = Ristretto255Oprf.Verifiable.DeriveKeyPair(Enumerable.Repeat((byte)7, 32).ToArray(), []);
        var result = await _bed.RunClientAgainstAsync(OprfTestBed.Input(["id"], [["cust-1"]]), OprfTestBed.Attributes(("verifiable", true)), OprfTestBed.Allow(ReleaseKinds.Intersection),
            async channel =>
            {
                await channel.ReceiveAsync(OprfTestBed.Client, OprfWire.Hello, default);
                await channel.SendAsync(OprfTestBed.Client, OprfWire.Params, new OprfWire.Writer().Byte(1).Byte(0).Byte(0).Int64(0).Byte(1).Bytes(pk.Span).ToArray(), default);
                var message = await channel.ReceiveAsync(OprfTestBed.Client, OprfWire.Blinded, default);
                var blinded = OprfWire.ReadElements(message.Span, 1, 0, "blinded", out _);
                var evaluated = new[] { Ristretto255Oprf.BlindEvaluate(other, blinded[0]) };
                var proof = Ristretto255Oprf.Verifiable.GenerateProof(sk, pk, blinded, [Ristretto255Oprf.BlindEvaluate(sk, blinded[0])]);
                await channel.SendAsync(OprfTestBed.Client, OprfWire.Evaluated, OprfWire.WriteElements(evaluated, proof), default);
            });
        Assert.False(result.Succeeded);
        Assert.Contains("DLEQ proof does not verify", result.Reason, StringComparison.Ordinal);
    }
}
