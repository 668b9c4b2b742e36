using Dataspace.Plugins.Compute.Embedded.Oprf;
using Dataspace.Sdk.Compute;
using Dataspace.Sdk.Testing.Compute;

namespace Dataspace.Plugins.Compute.Embedded.Tests.Oprf;

public sealed class EcdhOprfPsiTests : IDisposable
{
    private readonly OprfTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    // The client's rows: every 7th server customer (some twice), and customers the server does not have.
    private static string[][] ClientRows() =>
    [
        .. Enumerable.Range(0, 120).Select(i => new[] { $"cust-{i * 7}", $"phone-{i}" }),
        .. Enumerable.Range(0, 80).Select(i => new[] { $"other-{i}", $"phone-x{i}" }),
        ["cust-14", "phone-dup"],
    ];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Psi_Intersection_EqualsPlaintextIntersection(bool verifiable)
    {
        var server = OprfTestBed.Blacklist(2000);
        var client = OprfTestBed.Input(["msisdn_owner", "phone"], ClientRows());
        var attributes = OprfTestBed.Attributes(("mode", "psi"), ("release", "intersection"), ("batch_size", 64), ("verifiable", verifiable));

        var outcomes = await _bed.RunAsync(server, client, attributes, OprfTestBed.Allow(ReleaseKinds.Intersection));

        Assert.All(outcomes, o => Assert.True(o.Result.Succeeded, o.Result.Reason));
        var serverKeys = Enumerable.Range(0, 2000).Select(i => $"cust-{i}").ToHashSet();
        var expected = ClientRows().Where(r => serverKeys.Contains(r[0])).Select(r => string.Join('|', r)).ToList();
        var table = outcomes[1].Outputs.Tables["intersection"];
        Assert.Equal(ReleaseKinds.Intersection, table.Kind);
        Assert.Equal(expected, table.Rows.Select(r => string.Join('|', r)).ToList());
        Assert.Equal(expected.Count - 1, outcomes[1].Result.Metrics["intersection_size"]); // the duplicate key counts once
        Assert.Empty(outcomes[0].Outputs.Tables);
        Assert.Empty(outcomes[0].Outputs.Values);
    }

    [Fact]
    public async Task Psi_Cardinality_WritesOnlyTheCount()
    {
        var outcomes = await _bed.RunAsync(
            OprfTestBed.Blacklist(500), OprfTestBed.Input(["id", "phone"], ClientRows()),
            OprfTestBed.Attributes(("release", "cardinality")), OprfTestBed.Allow(ReleaseKinds.Cardinality));

        Assert.All(outcomes, o => Assert.True(o.Result.Succeeded, o.Result.Reason));
        var expected = ClientRows().Select(r => r[0]).Distinct().Count(k => k.StartsWith("cust-", StringComparison.Ordinal) && int.Parse(k[5..], System.Globalization.CultureInfo.InvariantCulture) < 500);
        Assert.Equal(expected, outcomes[1].Outputs.Values["cardinality"].Value.GetInt32());
        Assert.Empty(outcomes[1].Outputs.Tables);
    }

    [Fact]
    public async Task Psi_SecondTask_ReusesThePreparedSetWithoutPerRowWork()
    {
        var attributes = OprfTestBed.Attributes(("release", "intersection"));
        var release = OprfTestBed.Allow(ReleaseKinds.Intersection);

        var first = await _bed.RunAsync(OprfTestBed.Blacklist(1500), OprfTestBed.Input(["id", "phone"], ClientRows()), attributes, release);
        Assert.True(first[0].Result.Succeeded, first[0].Result.Reason);
        Assert.Equal(1500, _bed.Cache.Evaluations);
        Assert.Equal(1500, first[0].Result.Metrics["rows_prepared"]);
        Assert.Equal(0, first[0].Result.Metrics["prepared_set_reused"]);

        // Another client, same server input: no OPRF evaluation of the server's rows, only of the client's blinded items.
        var second = await _bed.RunAsync(OprfTestBed.Blacklist(1500), OprfTestBed.Input(["id"], [["cust-3"], ["cust-1499"], ["nope"]]), attributes, release);
        Assert.All(second, o => Assert.True(o.Result.Succeeded, o.Result.Reason));
        Assert.Equal(1500, _bed.Cache.Evaluations);
        Assert.Equal(0, second[0].Result.Metrics["rows_prepared"]);
        Assert.Equal(1, second[0].Result.Metrics["prepared_set_reused"]);
        Assert.Equal(3, second[0].Result.Metrics["blinded_evaluated"]);
        Assert.Equal(["cust-3", "cust-1499"], second[1].Outputs.Tables["intersection"].Rows.Select(r => r[0]));

        // After a restart the key and the prepared set are still there.
        var restarted = _bed.Restarted(out var cache);
        using (cache)
        {
            var third = await _bed.RunAsync(OprfTestBed.Blacklist(1500), OprfTestBed.Input(["id"], [["cust-3"]]), attributes, release, component: restarted);
            Assert.True(third[0].Result.Succeeded, third[0].Result.Reason);
            Assert.Equal(0, cache.Evaluations);
            Assert.Single(third[1].Outputs.Tables["intersection"].Rows);
        }

        // A changed input is prepared afresh.
        var changed = await _bed.RunAsync(OprfTestBed.Blacklist(1500, offset: 1), OprfTestBed.Input(["id"], [["cust-0"], ["cust-1500"]]), attributes, release);
        Assert.True(changed[0].Result.Succeeded, changed[0].Result.Reason);
        Assert.Equal(3000, _bed.Cache.Evaluations);
        Assert.Equal(["cust-1500"], changed[1].Outputs.Tables["intersection"].Rows.Select(r => r[0]));
    }

    [Fact]
    public async Task Psi_DamagedPreparedSet_IsPreparedAgain()
    {
        var attributes = OprfTestBed.Attributes(("release", "cardinality"));
        var first = await _bed.RunAsync(OprfTestBed.Blacklist(200), OprfTestBed.Input(["id"], [["cust-1"]]), attributes, OprfTestBed.Allow(ReleaseKinds.Cardinality));
        Assert.True(first[0].Result.Succeeded, first[0].Result.Reason);
        var file = Assert.Single(Directory.GetFiles(_bed.Directory, "*.prep"));
        await File.WriteAllBytesAsync(file, [1, 2, 3]);

        var second = await _bed.RunAsync(OprfTestBed.Blacklist(200), OprfTestBed.Input(["id"], [["cust-1"]]), attributes, OprfTestBed.Allow(ReleaseKinds.Cardinality));
        Assert.All(second, o => Assert.True(o.Result.Succeeded, o.Result.Reason));
        Assert.Equal(400, _bed.Cache.Evaluations);
        Assert.Equal(1, second[1].Outputs.Values["cardinality"].Value.GetInt32());
    }

    [Fact]
    public async Task Psi_Cache_KeepsAtMostMaxPreparedSets()
    {
        var attributes = OprfTestBed.Attributes(("release", "cardinality"));
        for (var i = 0; i < 6; i++)
        {
            var outcomes = await _bed.RunAsync(OprfTestBed.Blacklist(50, offset: i * 100), OprfTestBed.Input(["id"], [["cust-1"]]), attributes, OprfTestBed.Allow(ReleaseKinds.Cardinality));
            Assert.True(outcomes[0].Result.Succeeded, outcomes[0].Result.Reason);
        }
        Assert.Equal(4, Directory.GetFiles(_bed.Directory, "*.prep").Length);
    }

    [Fact]
    public async Task Psi_Leakage_ServerSeesOnlyBlindedElementsAndClientOnlyTags()
    {
        var clientRows = ClientRows();
        var network = new InProcessComputeNetwork([OprfTestBed.Server, OprfTestBed.Client]) { RecordMessages = true };
        var outcomes = await _bed.RunAsync(OprfTestBed.Blacklist(300), OprfTestBed.Input(["id", "phone"], clientRows),
            OprfTestBed.Attributes(("batch_size", 50)), OprfTestBed.Allow(ReleaseKinds.Intersection), network);
        Assert.All(outcomes, o => Assert.True(o.Result.Succeeded, o.Result.Reason));

        var toServer = network.Transcript.Where(m => m.To == OprfTestBed.Server).ToList();
        Assert.Equal([OprfWire.Hello, .. Enumerable.Repeat(OprfWire.Blinded, 4)], toServer.Select(m => m.Topic));
        var unblinded = clientRows.Select(r => Ristretto255Oprf.Base.HashToGroup(System.Text.Encoding.UTF8.GetBytes(r[0])).ToArray()).ToList();
        foreach (var (_, _, topic, payload) in toServer.Where(m => m.Topic == OprfWire.Blinded))
        {
            var elements = OprfWire.ReadElements(payload, 50, 0, topic, out _);
            // Neither the keys nor their unblinded hashes: each element is H(key) times a fresh random blind.
            Assert.All(elements, e => Assert.DoesNotContain(unblinded, u => u.AsSpan().SequenceEqual(e.Span)));
        }
        AssertNoneContains(toServer.Select(m => m.Payload), clientRows.SelectMany(r => r));

        var toClient = network.Transcript.Where(m => m.To == OprfTestBed.Client).ToList();
        Assert.Equal([OprfWire.Params, OprfWire.Evaluated, OprfWire.Tags], toClient.Select(m => m.Topic).Distinct());
        AssertNoneContains(toClient.Select(m => m.Payload), Enumerable.Range(0, 300).SelectMany(i => new[] { $"cust-{i}", $"name-{i}" }));
        // The server's tags arrive sorted, one per distinct row: their order says nothing about the server's input order.
        var tags = toClient.Where(m => m.Topic == OprfWire.Tags).SelectMany(m => m.Payload.Skip(4).Chunk(16)).Select(t => Convert.ToHexStringLower(t)).ToList();
        Assert.Equal(300, tags.Count);
        Assert.Equal(tags.Order(StringComparer.Ordinal), tags);

        // A second run blinds the same keys differently: the server cannot link queries across tasks.
        var again = new InProcessComputeNetwork([OprfTestBed.Server, OprfTestBed.Client]) { RecordMessages = true };
        await _bed.RunAsync(OprfTestBed.Blacklist(300), OprfTestBed.Input(["id", "phone"], clientRows), OprfTestBed.Attributes(("batch_size", 50)), OprfTestBed.Allow(ReleaseKinds.Intersection), again);
        var firstBlinded = toServer.First(m => m.Topic == OprfWire.Blinded).Payload;
        var secondBlinded = again.Transcript.First(m => m.To == OprfTestBed.Server && m.Topic == OprfWire.Blinded).Payload;
        Assert.False(firstBlinded.AsSpan(4, 32).SequenceEqual(secondBlinded.AsSpan(4, 32)));
    }

    [Fact]
    public async Task Psi_ClientNotAllowedTheIntersection_BothRefuseBeforeComputing()
    {
        var outcomes = await _bed.RunAsync(OprfTestBed.Blacklist(100), OprfTestBed.Input(["id"], [["cust-1"]]),
            OprfTestBed.Attributes(("release", "intersection")), OprfTestBed.Allow(ReleaseKinds.Cardinality));
        Assert.All(outcomes, o => Assert.False(o.Result.Succeeded));
        Assert.Contains("does not allow", outcomes[1].Result.Reason, StringComparison.Ordinal);
        Assert.Equal(0, _bed.Cache.Evaluations);
    }

    internal static void AssertNoneContains(IEnumerable<byte[]> payloads, IEnumerable<string> secrets)
    {
        var all = payloads.ToList();
        foreach (var secret in secrets.Where(s => s.Length >= 5))
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(secret);
            Assert.DoesNotContain(all, p => p.AsSpan().IndexOf(bytes) >= 0);
        }
    }
}
