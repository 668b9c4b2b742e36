using System.Buffers.Binary;
using System.Text;
using Dataspace.Plugins.Compute.Embedded.Oprf;
using Dataspace.Sdk.Compute;
using Dataspace.Sdk.Testing.Compute;

namespace Dataspace.Plugins.Compute.Embedded.Tests.Oprf;

public sealed class EcdhOprfLookupTests : IDisposable
{
    private readonly OprfTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Lookup_PresentAndAbsentKeys_EqualDictionaryLookup(bool verifiable)
    {
        var dictionary = Enumerable.Range(0, 800).ToDictionary(i => $"cust-{i}", i => (Name: $"name-{i}", Risk: (i % 5).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        string[] queries = ["cust-7", "cust-799", "nobody", "cust-7"];
        var outcomes = await _bed.RunAsync(OprfTestBed.Blacklist(800), OprfTestBed.Input(["applicant"], queries.Select(q => new[] { q })),
            OprfTestBed.Attributes(("mode", "lookup"), ("anonymity_set", 16), ("max_queries", 4), ("verifiable", verifiable)), OprfTestBed.Allow(ReleaseKinds.Lookup));

        Assert.All(outcomes, o => Assert.True(o.Result.Succeeded, o.Result.Reason));
        var table = outcomes[1].Outputs.Tables["lookup"];
        Assert.Equal(ReleaseKinds.Lookup, table.Kind);
        Assert.Equal(["applicant", "found", "name", "risk"], table.Columns);
        var expected = queries.Select(q => dictionary.TryGetValue(q, out var v) ? $"{q}|true|{v.Name}|{v.Risk}" : $"{q}|false||").ToList();
        Assert.Equal(expected, table.Rows.Select(r => string.Join('|', r)).ToList());
        Assert.Equal(3, outcomes[1].Result.Metrics["found"]);
        Assert.Empty(outcomes[0].Outputs.Tables);
    }

    [Fact]
    public async Task Lookup_PayloadColumns_OnlyThoseLeave()
    {
        var outcomes = await _bed.RunAsync(OprfTestBed.Blacklist(100), OprfTestBed.Input(["id"], [["cust-42"]]),
            OprfTestBed.Attributes(("mode", "lookup"), ("anonymity_set", 8), ("payload_columns", new[] { "risk" })), OprfTestBed.Allow(ReleaseKinds.Lookup));
        Assert.All(outcomes, o => Assert.True(o.Result.Succeeded, o.Result.Reason));
        Assert.Equal(["id", "found", "risk"], outcomes[1].Outputs.Tables["lookup"].Columns);
        Assert.Equal(["cust-42|true|2"], outcomes[1].Outputs.Tables["lookup"].Rows.Select(r => string.Join('|', r)));
    }

    [Fact]
    public async Task Lookup_Leakage_ServerSeesBucketAndBlindedElementClientSeesOnlyItsBucketSealed()
    {
        const int rows = 1000, anonymity = 20;
        var network = new InProcessComputeNetwork([OprfTestBed.Server, OprfTestBed.Client]) { RecordMessages = true };
        var outcomes = await _bed.RunAsync(OprfTestBed.Blacklist(rows), OprfTestBed.Input(["id"], [["cust-321"]]),
            OprfTestBed.Attributes(("mode", "lookup"), ("anonymity_set", anonymity)), OprfTestBed.Allow(ReleaseKinds.Lookup), network);
        Assert.All(outcomes, o => Assert.True(o.Result.Succeeded, o.Result.Reason));

        // What the server received: the hello (version, mode, count) and one query of bucket || blinded element.
        var toServer = network.Transcript.Where(m => m.To == OprfTestBed.Server).ToList();
        Assert.Equal([OprfWire.Hello, OprfWire.Query], toServer.Select(m => m.Topic));
        Assert.Equal(6, toServer[0].Payload.Length);
        var query = toServer[1].Payload;
        Assert.Equal(36, query.Length);
        var unblinded = Ristretto255Oprf.Base.HashToGroup("cust-321"u8).ToArray();
        Assert.False(query.AsSpan(4).SequenceEqual(unblinded));

        // The bucket it names holds at least the anonymity set of the server's rows, among which the key hides.
        var parameters = network.Transcript.Single(m => m.Topic == OprfWire.Params).Payload;
        int bits = parameters[1 + 1 + 1 + 8 + 1];
        Assert.InRange(bits, 1, OprfBuckets.MaxPrefixBits);
        var bucket = BinaryPrimitives.ReadUInt32BigEndian(query);
        Assert.Equal(OprfBuckets.Of("cust-321", bits), bucket);
        var bucketSizes = Enumerable.Range(0, rows).GroupBy(i => OprfBuckets.Of($"cust-{i}", bits)).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(bucketSizes.Values, size => Assert.True(size >= anonymity));
        Assert.Equal(1 << bits, bucketSizes.Count);

        // What the client received: that bucket's rows only, each sealed; no payload of any row in clear.
        var toClient = network.Transcript.Where(m => m.To == OprfTestBed.Client).ToList();
        var sent = toClient.Where(m => m.Topic == OprfWire.Rows).Sum(m => (int)BinaryPrimitives.ReadUInt32BigEndian(m.Payload));
        Assert.Equal(bucketSizes[bucket], sent);
        Assert.True(sent < rows);
        EcdhOprfPsiTests.AssertNoneContains(toClient.Select(m => m.Payload), Enumerable.Range(0, rows).SelectMany(i => new[] { $"cust-{i}", $"name-{i}" }));
        // Every sealed row has the same size, so lengths say nothing about other rows' payloads.
        var recordSizes = toClient.Where(m => m.Topic == OprfWire.Rows).Select(m => (m.Payload.Length - 4) / (int)BinaryPrimitives.ReadUInt32BigEndian(m.Payload)).Distinct();
        Assert.Single(recordSizes);
    }

    [Fact]
    public async Task Lookup_ServerSetSmallerThanAnonymitySet_IsRefused()
    {
        var outcomes = await _bed.RunAsync(OprfTestBed.Blacklist(10), OprfTestBed.Input(["id"], [["cust-1"]]),
            OprfTestBed.Attributes(("mode", "lookup"), ("anonymity_set", 50)), OprfTestBed.Allow(ReleaseKinds.Lookup));
        Assert.False(outcomes[0].Result.Succeeded);
        Assert.Contains("fewer than the anonymity set", outcomes[0].Result.Reason, StringComparison.Ordinal);
        Assert.False(outcomes[1].Result.Succeeded);
    }

    [Fact]
    public async Task Lookup_SecondTask_ReusesThePreparedSet()
    {
        var attributes = OprfTestBed.Attributes(("mode", "lookup"), ("anonymity_set", 8));
        var first = await _bed.RunAsync(OprfTestBed.Blacklist(300), OprfTestBed.Input(["id"], [["cust-1"]]), attributes, OprfTestBed.Allow(ReleaseKinds.Lookup));
        var second = await _bed.RunAsync(OprfTestBed.Blacklist(300), OprfTestBed.Input(["id"], [["cust-2"]]), attributes, OprfTestBed.Allow(ReleaseKinds.Lookup));
        Assert.True(second[1].Result.Succeeded, second[1].Result.Reason);
        Assert.Equal(300, _bed.Cache.Evaluations);
        Assert.Equal(1, second[0].Result.Metrics["prepared_set_reused"]);
        Assert.Equal("name-2", second[1].Outputs.Tables["lookup"].Rows[0][2]);
    }

    [Fact]
    public async Task Lookup_TooManyQueries_ServerRefusesWithReason()
    {
        var outcomes = await _bed.RunAsync(OprfTestBed.Blacklist(100), OprfTestBed.Input(["id"], [["a"], ["b"], ["c"]]),
            OprfTestBed.Attributes(("mode", "lookup"), ("anonymity_set", 8), ("max_queries", 2)), OprfTestBed.Allow(ReleaseKinds.Lookup));
        Assert.All(outcomes, o => Assert.False(o.Result.Succeeded));
        Assert.Contains("max_queries", outcomes[1].Result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lookup_RogueClientAnnouncesTooManyQueries_ServerRefusesBeforePreparing()
    {
        var result = await _bed.RunServerAgainstAsync(OprfTestBed.Blacklist(100), OprfTestBed.Attributes(("mode", "lookup"), ("max_queries", 1)), OprfTestBed.Allow(ReleaseKinds.Lookup),
            async channel =>
            {
                await channel.SendAsync(OprfTestBed.Server, OprfWire.Hello, new byte[] { 1, 1, 0, 0, 0, 5 }, default);
                var reply = await channel.ReceiveAsync(OprfTestBed.Server, OprfWire.Params, default);
                Assert.Equal(1, reply.Span[1]);
                Assert.Contains("max_queries", Encoding.UTF8.GetString(reply.Span[4..]), StringComparison.Ordinal);
            });
        Assert.False(result.Succeeded);
        Assert.Contains("more than max_queries", result.Reason, StringComparison.Ordinal);
        Assert.Equal(0, _bed.Cache.Evaluations);
    }

    [Fact]
    public async Task Lookup_RogueClientQueriesBucketOutOfRange_ServerFails()
    {
        var result = await _bed.RunServerAgainstAsync(OprfTestBed.Blacklist(100), OprfTestBed.Attributes(("mode", "lookup"), ("anonymity_set", 8)), OprfTestBed.Allow(ReleaseKinds.Lookup),
            async channel =>
            {
                await channel.SendAsync(OprfTestBed.Server, OprfWire.Hello, new byte[] { 1, 1, 0, 0, 0, 1 }, default);
                await channel.ReceiveAsync(OprfTestBed.Server, OprfWire.Params, default);
                var query = new byte[36];
                BinaryPrimitives.WriteUInt32BigEndian(query, uint.MaxValue);
                Ristretto255Oprf.Base.Blind("x"u8).BlindedElement.Encode(query.AsSpan(4));
                await channel.SendAsync(OprfTestBed.Server, OprfWire.Query, query, default);
            });
        Assert.False(result.Succeeded);
        Assert.Contains("bucket", result.Reason, StringComparison.Ordinal);
    }
}
