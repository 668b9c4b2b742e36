using System.Runtime.InteropServices;
using Dataspace.Plugins.Compute.Embedded.Aggregation;
using Dataspace.Plugins.Compute.Embedded.Crypto;
using Dataspace.Sdk.Testing.Compute;

namespace Dataspace.Plugins.Compute.Embedded.Tests.Aggregation;

/// <summary>What the aggregator sees of each client, read from the transcript of a real run.</summary>
public sealed class SecureAggregationLeakageTests
{
    private const string Aggregator = "did:web:aggregator";
    private const int Length = 8192;

    [Fact]
    public async Task Aggregator_SeesOnlyUniformMaskedVectors_AndOneShareKindPerClient()
    {
        var clients = Enumerable.Range(0, 4).Select(SecureSumComponentTests.Client).ToList();
        var options = new SecureAggregationOptions("job-1", "task-1", "ss", clients, Length, Threshold: 3, MinSurvivors: 3, TimeSpan.FromSeconds(30));
        var network = new InProcessComputeNetwork([.. clients, Aggregator]) { RecordMessages = true };
        // Structured, low-entropy inputs: all zero but for a small counter, so any leak would stand out.
        var vectors = clients.Select((_, c) => Enumerable.Range(0, Length).Select(i => (ulong)(i % 7 + c)).ToArray()).ToList();

        var server = SecureAggregationServer<ulong>.RunAsync(network.For(Aggregator), options, TimeProvider.System, null, CancellationToken.None);
        await Task.WhenAll(clients.Select((c, i) => Task.Run(() => SecureAggregationClient<ulong>.RunAsync(network.For(c), Aggregator, c, options, vectors[i], CancellationToken.None))));
        var result = await server;

        // The sum is right...
        for (var i = 0; i < Length; i++) Assert.Equal(vectors.Aggregate(0UL, (s, v) => s + v[i]), result.Sum[i]);

        var toAggregator = network.Transcript.Where(m => m.To == Aggregator).ToList();
        // ...and no plaintext vector ever reaches the aggregator: each masked vector differs from its input everywhere and looks uniform.
        var masked = new Dictionary<int, ulong[]>();
        for (var c = 0; c < clients.Count; c++)
        {
            var chunks = toAggregator.Where(m => m.From == clients[c] && m.Topic == "ss/masked").Select(m => m.Payload[5..]).ToList();
            var y = MemoryMarshal.Cast<byte, ulong>(chunks.SelectMany(b => b).ToArray()).ToArray();
            Assert.Equal(Length, y.Length);
            Assert.Equal(0, Enumerable.Range(0, Length).Count(i => y[i] == vectors[c][i]));
            AssertUniformBytes(MemoryMarshal.AsBytes(y.AsSpan()).ToArray());
            masked[c + 1] = y;
        }

        // Every client's unmasking message carries, per client, one share kind only: self-mask shares for survivors.
        var unmask = toAggregator.Where(m => m.Topic == "ss/unmask").ToList();
        Assert.Equal(clients.Count, unmask.Count);
        var seedShares = new Dictionary<int, List<(int X, byte[] Value)>>();
        foreach (var message in unmask)
        {
            var x = clients.IndexOf(message.From) + 1;
            for (var at = 3; at < message.Payload.Length; at += 3 + Shamir.ShareBytes)
            {
                var index = BitConverter.ToUInt16(message.Payload, at);
                Assert.Equal(SecureAggregationSteps.SeedShareKind, message.Payload[at + 2]);
                (seedShares.TryGetValue(index, out var list) ? list : seedShares[index] = []).Add((x, message.Payload[(at + 3)..(at + 3 + Shamir.ShareBytes)]));
            }
        }

        // Removing one client's self mask (as the aggregator can) still leaves the pairwise masks: nothing of x_u shows.
        var seed = new byte[32];
        Assert.True(Shamir.TryCombine(seedShares[2].Take(3).ToList(), seed));
        var withoutSelfMask = (ulong[])masked[2].Clone();
        MaskPrg.Accumulate<ulong>(seed, withoutSelfMask, subtract: true);
        Assert.Equal(0, Enumerable.Range(0, Length).Count(i => withoutSelfMask[i] == vectors[1][i]));
        AssertUniformBytes(MemoryMarshal.AsBytes(withoutSelfMask.AsSpan()).ToArray());

        // The shares relayed by the aggregator are sealed: none carries a share of that seed in the clear.
        var relayed = network.Transcript.Where(m => m.Topic == "ss/shares-in").SelectMany(m => m.Payload).ToArray();
        foreach (var (_, value) in seedShares[2]) Assert.Equal(-1, relayed.AsSpan().IndexOf(value.AsSpan(0, 16)));
    }

    private static void AssertUniformBytes(byte[] bytes)
    {
        var counts = new int[256];
        foreach (var b in bytes) counts[b]++;
        var expected = bytes.Length / 256.0;
        var chiSquare = counts.Sum(c => (c - expected) * (c - expected) / expected);
        // 255 degrees of freedom: the 0.9999 quantile is about 347.
        Assert.True(chiSquare < 360, $"The bytes are not uniform (chi-square {chiSquare:F1}).");
    }
}
