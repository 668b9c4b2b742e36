using System.Security.Cryptography;
using System.Text;
using Dataspace.Sdk.Audit;

namespace Dataspace.Sdk.Testing.Storage;

/// <summary>What every <see cref="IAuditLogStore"/> must do.</summary>
public abstract class AuditLogStoreContractTests : StoreContractTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>
    /// Another appender on the same log as <paramref name="storage"/>, as a second connector instance (or process) would
    /// have: its own connections, pool and write gate. The default is the same store object.
    /// </summary>
    protected virtual Task<IAuditLogStore> CreateSecondAppenderAsync(StorageUnderTest storage) => Task.FromResult(storage.AuditLog);

    /// <summary>The log is created once with the first algorithm asked for; opening it again with another one returns the stored one.</summary>
    public async Task Open_CreatesTheLogOnce_AndKeepsItsAlgorithm()
    {
        await using var storage = await OpenAsync();
        var log = storage.AuditLog;
        Check.Equal(new AuditLogHead(0, null), await log.ReadHeadAsync(None), "the head before the log is opened");
        Check.Equal(new AuditLogHead(0, "sha256"), await log.OpenAsync("sha256", None), "the head once opened");
        Check.Equal(new AuditLogHead(0, "sha256"), await log.OpenAsync("sm3", None), "the head opened again with another algorithm");
    }

    /// <summary>A batch at the expected size commits its entries, its nodes and the new size; the hashes read back by level and range.</summary>
    public async Task TryAppend_AtTheExpectedSize_CommitsEntriesNodesAndSize()
    {
        await using var storage = await OpenAsync();
        var log = storage.AuditLog;
        await log.OpenAsync("sha256", None);
        var first = Batch(0, 3, agreementId: "agreement-1");
        var node = new AuditNode(8, 0, Sha256("node"));
        Check.True(await log.TryAppendAsync(first with { Nodes = [node] }, None), "a batch at the expected size is committed");
        Check.Equal(3L, (await log.ReadHeadAsync(None)).Size, "the size after 3 entries");

        var read = await log.ReadEntriesAsync(0, 10, None);
        Check.Equal(3, read.Count, "entries read from 0 (10 asked, 3 there)");
        for (var i = 0; i < 3; i++)
        {
            var expected = first.Entries[i];
            var actual = read[i];
            Check.Equal(expected.Index, actual.Index, $"entry {i}'s index");
            Check.Equal(expected.Time, actual.Time, $"entry {i}'s time");
            Check.True(expected.Data.AsSpan().SequenceEqual(actual.Data), $"entry {i}'s data is stored byte for byte");
            Check.True(expected.LeafHash.AsSpan().SequenceEqual(actual.LeafHash), $"entry {i}'s leaf hash");
            Check.Equal(expected.Type, actual.Type, $"entry {i}'s type");
            Check.Equal(expected.Actor, actual.Actor, $"entry {i}'s actor");
            Check.Equal(expected.CounterParty, actual.CounterParty, $"entry {i}'s counter-party");
            Check.Equal(expected.ProcessId, actual.ProcessId, $"entry {i}'s process");
            Check.Equal(expected.AgreementId, actual.AgreementId, $"entry {i}'s agreement");
        }

        Check.Sequence(first.Entries.Skip(1).Select(e => e.Index), (await log.ReadEntriesAsync(1, 2, None)).Select(e => e.Index), "entries 1 and 2");
        Check.Equal(Hex(first.Entries.SelectMany(e => e.LeafHash)), Hex(await log.ReadHashesAsync(0, 0, 3, None)), "the leaf hashes of level 0");
        Check.Equal(Hex(first.Entries.Skip(1).SelectMany(e => e.LeafHash)), Hex(await log.ReadHashesAsync(0, 1, 5, None)), "the leaf hashes from 1 (5 asked, 2 there)");
        Check.Equal(Hex(node.Hash), Hex(await log.ReadHashesAsync(8, 0, 1, None)), "the stored node of level 8");
        Check.Equal(0, (await log.ReadHashesAsync(16, 0, 1, None)).Length, "bytes of a level with no node");

        Check.True(await log.TryAppendAsync(Batch(3, 2), None), "a second batch at size 3");
        Check.Equal(5L, (await log.ReadHeadAsync(None)).Size, "the size after the second batch");
        Check.Sequence([0L, 1, 2, 3, 4], (await log.ReadEntriesAsync(0, 100, None)).Select(e => e.Index), "every index once, in order");
    }

    /// <summary>
    /// A new log stores every 4th level; backfilled nodes (of a log written storing every 8th) are added, ones already
    /// stored are kept as they are (backfills may race), and entries and size are untouched.
    /// </summary>
    public async Task StoreBackfilledNodes_SkipsStoredOnes_AndMarksTheHeadWhenComplete()
    {
        await using var storage = await OpenAsync();
        var log = storage.AuditLog;
        Check.Equal(AuditNode.StoredLevelStride, (await log.OpenAsync("sha256", None)).StoredLevelStride, "a new log's stored level stride");
        Check.True(await log.TryAppendAsync(Batch(0, 3) with { Nodes = [new AuditNode(4, 0, Sha256("appended"))] }, None), "a batch with a level-4 node");

        await log.StoreBackfilledNodesAsync([new AuditNode(4, 0, Sha256("backfilled")), new AuditNode(4, 1, Sha256("n1")), new AuditNode(12, 0, Sha256("n12"))], complete: false, None);
        await log.StoreBackfilledNodesAsync([new AuditNode(4, 1, Sha256("n1 again"))], complete: false, None);
        Check.Equal(Hex([.. Sha256("appended"), .. Sha256("n1")]), Hex(await log.ReadHashesAsync(4, 0, 2, None)), "level 4: the stored node stays, the new one is added once");
        Check.Equal(Hex(Sha256("n12")), Hex(await log.ReadHashesAsync(12, 0, 1, None)), "level 12");
        await Check.ThrowsAsync<ArgumentException>(() => log.StoreBackfilledNodesAsync([new AuditNode(6, 0, Sha256("x"))], complete: true, None), "a node at a level that is not stored");
        Check.Equal(new AuditLogHead(3, "sha256", AuditNode.StoredLevelStride), await log.ReadHeadAsync(None), "the head after backfills");
        await log.StoreBackfilledNodesAsync([], complete: true, None);
        Check.Equal(new AuditLogHead(3, "sha256", AuditNode.StoredLevelStride), await log.ReadHeadAsync(None), "the head after a completed backfill");
        Check.Equal(3, (await log.ReadEntriesAsync(0, 10, None)).Count, "the entries after backfills");
    }

    /// <summary>A batch built on a stale size, or a malformed one, changes nothing.</summary>
    public async Task TryAppend_StaleOrMalformed_ChangesNothing()
    {
        await using var storage = await OpenAsync();
        var log = storage.AuditLog;
        await log.OpenAsync("sha256", None);
        Check.True(await log.TryAppendAsync(Batch(0, 2), None), "the first batch");
        Check.True(!await log.TryAppendAsync(Batch(0, 1), None), "a batch built at size 0 when the log has 2 entries is refused");
        Check.True(!await log.TryAppendAsync(Batch(5, 1), None), "a batch built at size 5 when the log has 2 entries is refused");
        var gap = Batch(2, 2);
        var malformed = gap with { Entries = [gap.Entries[0], gap.Entries[1] with { Index = 9 }] };
        await Check.ThrowsAsync<ArgumentException>(() => log.TryAppendAsync(malformed, None), "a batch whose indices are not contiguous");
        await Check.ThrowsAsync<ArgumentException>(() => log.TryAppendAsync(Batch(2, 1) with { Nodes = [new AuditNode(3, 0, Sha256("x"))] }, None), "a node at a level that is not stored");
        Check.Equal(2L, (await log.ReadHeadAsync(None)).Size, "the size after refused batches");
        Check.Equal(2, (await log.ReadEntriesAsync(0, 100, None)).Count, "entries after refused batches");
    }

    /// <summary>Search matches every filter given, pages by index, and bounds the page size.</summary>
    public async Task Search_FiltersAndPagesByIndex()
    {
        await using var storage = await OpenAsync();
        var log = storage.AuditLog;
        await log.OpenAsync("sha256", None);
        var t1 = StoreTestData.T0.AddMinutes(1);
        Check.True(await log.TryAppendAsync(Batch(0, 4, type: AuditRecordTypes.DspMessageReceived, agreementId: "agreement-1", processId: "neg-1", actor: "did:web:a"), None), "batch 1");
        Check.True(await log.TryAppendAsync(Batch(4, 3, type: AuditRecordTypes.PolicyDecision, processId: "neg-2", counterParty: "did:web:b", time: t1), None), "batch 2");
        Check.True(await log.TryAppendAsync(Batch(7, 2, type: AuditRecordTypes.DataAccess, agreementId: "agreement-1", time: t1.AddMinutes(1)), None), "batch 3");

        async Task<long[]> Find(AuditEntryQuery query) => [.. (await log.SearchAsync(query, None)).Select(e => e.Index)];
        Check.Sequence([0L, 1, 2, 3, 7, 8], await Find(new() { AgreementId = "agreement-1" }), "by agreement");
        Check.Sequence([4L, 5, 6], await Find(new() { ProcessId = "neg-2" }), "by process");
        Check.Sequence([7L, 8], await Find(new() { AgreementId = "agreement-1", Type = AuditRecordTypes.DataAccess }), "by agreement and type");
        Check.Sequence([0L, 1, 2, 3], await Find(new() { Actor = "did:web:a" }), "by actor");
        Check.Sequence([4L, 5, 6], await Find(new() { CounterParty = "did:web:b" }), "by counter-party");
        Check.Sequence([4L, 5, 6], await Find(new() { From = t1, To = t1.AddMinutes(1) }), "by time range [from, to)");
        Check.Sequence([2L, 3], await Find(new() { AgreementId = "agreement-1", FromIndex = 2, Limit = 2 }), "a page from index 2 of 2");
        Check.Sequence([7L, 8], await Find(new() { AgreementId = "agreement-1", FromIndex = 4, Limit = 2 }), "the next page");
        Check.Sequence([], await Find(new() { AgreementId = "agreement-9" }), "an unknown agreement");
        await Check.ThrowsAsync<ArgumentOutOfRangeException>(() => log.SearchAsync(new() { Limit = AuditEntryQuery.MaxLimit + 1 }, None), "a page larger than the limit");
    }

    /// <summary>Checkpoints are kept by size (the first one stored for a size stays); cosignatures by checkpoint and witness.</summary>
    public async Task Checkpoints_AndCosignatures_AreKeptBySize()
    {
        await using var storage = await OpenAsync();
        var log = storage.AuditLog;
        Check.Null(await log.ReadCheckpointAsync(null, None), "the latest checkpoint of an empty log");
        await log.StoreCheckpointAsync(new AuditCheckpointRecord(5, "note 5\n", StoreTestData.T0), None);
        await log.StoreCheckpointAsync(new AuditCheckpointRecord(9, "note 9\n", StoreTestData.T0.AddSeconds(1)), None);
        await log.StoreCheckpointAsync(new AuditCheckpointRecord(7, "note 7\n", StoreTestData.T0.AddSeconds(2)), None);
        await log.StoreCheckpointAsync(new AuditCheckpointRecord(9, "another note 9\n", StoreTestData.T0.AddSeconds(3)), None);
        Check.Equal(new AuditCheckpointRecord(9, "note 9\n", StoreTestData.T0.AddSeconds(1)), await log.ReadCheckpointAsync(null, None), "the latest checkpoint (the first stored for its size)");
        Check.Equal(new AuditCheckpointRecord(5, "note 5\n", StoreTestData.T0), await log.ReadCheckpointAsync(5, None), "the checkpoint of size 5");
        Check.Null(await log.ReadCheckpointAsync(6, None), "a size never checkpointed");
        Check.Sequence([5L, 7], (await log.ListCheckpointsAsync(0, 8, 10, None)).Select(c => c.Size), "checkpoints of sizes 0 to 8");
        Check.Sequence([7L], (await log.ListCheckpointsAsync(6, 100, 1, None)).Select(c => c.Size), "the first checkpoint from size 6");

        await log.StoreCosignatureAsync(new AuditCosignature(9, "did:web:w#k", "— w old", StoreTestData.T0), None);
        await log.StoreCosignatureAsync(new AuditCosignature(9, "did:web:w#k", "— w new", StoreTestData.T0.AddSeconds(1)), None);
        await log.StoreCosignatureAsync(new AuditCosignature(9, "did:web:v#k", "— v", StoreTestData.T0), None);
        await log.StoreCosignatureAsync(new AuditCosignature(5, "did:web:w#k", "— w 5", StoreTestData.T0), None);
        Check.Sequence(
            [new AuditCosignature(9, "did:web:v#k", "— v", StoreTestData.T0), new AuditCosignature(9, "did:web:w#k", "— w new", StoreTestData.T0.AddSeconds(1))],
            await log.ReadCosignaturesAsync(9, None), "the cosignatures of checkpoint 9");
        Check.Sequence([], await log.ReadCosignaturesAsync(7, None), "the cosignatures of checkpoint 7");
    }

    /// <summary>Two appenders racing on one log (each building its batches on the size it read, retrying when refused) lose no index and take none twice.</summary>
    public async Task ConcurrentAppenders_NoIndexLostOrTakenTwice()
    {
        await using var storage = await OpenAsync();
        await storage.AuditLog.OpenAsync("sha256", None);
        var appenders = new[] { storage.AuditLog, await CreateSecondAppenderAsync(storage) };
        const int BatchesEach = 25;
        var committed = new System.Collections.Concurrent.ConcurrentBag<AuditEntry>();
        await Task.WhenAll(appenders.Select((store, a) => Task.Run(async () =>
        {
            for (var b = 0; b < BatchesEach; b++)
            {
                while (true)
                {
                    var size = (await store.ReadHeadAsync(None)).Size;
                    var batch = Batch(size, 1 + (b % 4), actor: $"appender-{a}", tag: $"{a}/{b}");
                    if (await store.TryAppendAsync(batch, None))
                    {
                        foreach (var e in batch.Entries)
                        {
                            committed.Add(e);
                        }

                        break;
                    }
                }
            }
        })));

        var expected = committed.OrderBy(e => e.Index).ToList();
        var stored = await storage.AuditLog.ReadEntriesAsync(0, expected.Count + 10, None);
        Check.Equal((long)expected.Count, (await storage.AuditLog.ReadHeadAsync(None)).Size, "the size is the number of entries committed");
        Check.Sequence(Enumerable.Range(0, expected.Count).Select(i => (long)i), expected.Select(e => e.Index), "the indices acknowledged: each once, none missing");
        Check.Sequence(expected.Select(e => Hex(e.Data)), stored.Select(e => Hex(e.Data)), "the entry stored at each index is the one acknowledged for it");
    }

    private static AuditBatch Batch(long at, int count, string type = AuditRecordTypes.ManagementChange, string? agreementId = null, string? processId = null,
        string? actor = null, string? counterParty = null, DateTimeOffset? time = null, string? tag = null)
    {
        var entries = Enumerable.Range(0, count).Select(i =>
        {
            var data = Encoding.UTF8.GetBytes($$"""{"type":"{{type}}","n":{{at + i}},"tag":"{{tag ?? Guid.NewGuid().ToString("N")}}"}""");
            return new AuditEntry
            {
                Index = at + i,
                Time = time ?? StoreTestData.T0,
                Data = data,
                LeafHash = Sha256(data),
                Type = type,
                Actor = actor,
                CounterParty = counterParty,
                ProcessId = processId,
                AgreementId = agreementId,
            };
        }).ToList();
        return new AuditBatch { ExpectedSize = at, Entries = entries, Nodes = [] };
    }

    private static byte[] Sha256(string text) => Sha256(Encoding.UTF8.GetBytes(text));

    private static byte[] Sha256(byte[] data) => SHA256.HashData(data);

    private static string Hex(IEnumerable<byte> bytes) => Convert.ToHexStringLower([.. bytes]);
}
