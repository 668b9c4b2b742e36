using Dataspace.Connector.Audit;
using Dataspace.Connector.Storage.Sqlite;
using Dataspace.Connector.Testing;
using Dataspace.Evidence.Entries;
using Dataspace.Evidence.Merkle;
using Dataspace.Sdk.Audit;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.Tests.Audit;

/// <summary>
/// The audit tree as the connector stores it (SQLite, every 4th level): proofs read from the store equal those of the
/// in-memory tree and of RFC 9162's definitions, and a log written storing every 8th level is backfilled when opened.
/// </summary>
public sealed class AuditTreeStorageTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task StoreBackedProofs_EqualInMemoryProofs_AtManySizes()
    {
        using var temp = new TempDirectory();
        var store = await OpenStoreAsync(temp.Path);
        var hasher = Sha256TreeHasher.Instance;
        await store.OpenAsync(hasher.Name, None);
        var memory = new MemoryMerkleLog(hasher);
        var leaves = new List<byte[]>();
        // Batches of uneven sizes, so stored nodes complete inside, at the edge of and across batches.
        const int Size = 4_500;
        var frontier = new TreeFrontier(hasher);
        for (var n = 1; frontier.Size < Size; n = (n * 7 % 97) + 1)
        {
            var (entries, nodes) = Entries(frontier, Math.Min(n, Size - (int)frontier.Size), leaves, memory);
            Assert.True(await store.TryAppendAsync(new AuditBatch { ExpectedSize = entries[0].Index, Entries = entries, Nodes = nodes }, None));
        }

        await using var log = NewLog(store);
        await log.StartAsync(None);
        Assert.Equal(Size, log.Size);
        var sizes = new long[] { 1, 2, 3, 15, 16, 17, 31, 255, 256, 257, 1_000, 4_095, 4_096, 4_097, Size };
        foreach (var size in sizes)
        {
            var root = await memory.Tree.RootAsync(size, None);
            Assert.Equal(Rfc9162.Root(leaves, 0, (int)size), root);
            Assert.Equal(Hex(root), Hex(await log.Tree.RootAsync(size, None)));
            foreach (var index in new long[] { 0, 1, 14, 15, 16, 255, 256, 4_095, 4_096, size / 2, size - 2, size - 1 }.Where(i => i >= 0 && i < size).Distinct())
            {
                var proof = await log.Tree.InclusionProofAsync(index, size, None);
                Assert.Equal((await memory.Tree.InclusionProofAsync(index, size, None)).Select(Hex), proof.Select(Hex));
                Assert.True(Rfc9162.VerifyInclusion(index, size, leaves[(int)index], proof, root), $"leaf {index} of {size}");
            }

            foreach (var older in sizes.Where(s => s < size))
            {
                Assert.Equal((await memory.Tree.ConsistencyProofAsync(older, size, None)).Select(Hex), (await log.Tree.ConsistencyProofAsync(older, size, None)).Select(Hex));
            }
        }
    }

    [Fact]
    public async Task Start_LogStoringEvery8thLevel_IsBackfilled_AndItsProofsStayTheSame()
    {
        using var temp = new TempDirectory();
        var database = new ConnectorDatabase(temp.Path);
        var store = await OpenStoreAsync(temp.Path, database);
        var hasher = Sha256TreeHasher.Instance;
        await store.OpenAsync(hasher.Name, None);
        var memory = new MemoryMerkleLog(hasher);
        var leaves = new List<byte[]>();
        // As a connector before this change wrote it: levels 8 and 16 only, and a head saying so (what migration 10 sets).
        const int Size = (1 << 16) + 5_000;
        var frontier = new TreeFrontier(hasher);
        while (frontier.Size < Size)
        {
            var (entries, nodes) = Entries(frontier, Math.Min(8_000, Size - (int)frontier.Size), leaves, memory);
            Assert.True(await store.TryAppendAsync(new AuditBatch { ExpectedSize = entries[0].Index, Entries = entries, Nodes = [.. nodes.Where(n => n.Level % 8 == 0)] }, None));
        }

        await using (var connection = await database.OpenAsync(None))
        {
            await connection.ExecuteAsync("UPDATE audit_log_head SET stored_level_stride = 8 WHERE id = 1", None);
        }

        // An earlier backfill stopped half way: what it stored is kept and skipped.
        var partial = new List<AuditNode>();
        for (var i = 0; i < 100; i++)
        {
            partial.Add(new AuditNode(4, i, await memory.Tree.NodeHashAsync(4, i, None)));
        }

        await store.StoreBackfilledNodesAsync(partial, complete: false, None);
        Assert.Equal(8, (await store.ReadHeadAsync(None)).StoredLevelStride);
        Assert.Empty(await store.ReadHashesAsync(4, 100, 1, None));

        await using (var log = NewLog(store))
        {
            await log.StartAsync(None);
            Assert.Equal(new AuditLogHead(Size, hasher.Name, 4), await store.ReadHeadAsync(None));
            Assert.Equal((Size >> 4) * hasher.HashSize, (await store.ReadHashesAsync(4, 0, Size, None)).Length);
            Assert.Equal((Size >> 12) * hasher.HashSize, (await store.ReadHashesAsync(12, 0, Size, None)).Length);
            for (var i = 0; i < Size >> 12; i++)
            {
                Assert.Equal(Hex(await memory.Tree.NodeHashAsync(12, i, None)), Hex(await store.ReadHashesAsync(12, i, 1, None)));
            }

            var root = memory.Root();
            Assert.Equal(Hex(root), Hex(await log.Tree.RootAsync(Size, None)));
            foreach (var index in new long[] { 0, 99, 100, 4_095, 65_535, 65_536, Size - 1, 12_345 })
            {
                var proof = await log.Tree.InclusionProofAsync(index, Size, None);
                Assert.Equal((await memory.Tree.InclusionProofAsync(index, Size, None)).Select(Hex), proof.Select(Hex));
            }

            // Appends go on from the backfilled frontier.
            var appended = await log.AppendAsync(new AuditRecord { Type = AuditRecordTypes.ManagementChange, Actor = "test" }, None);
            var data = (await store.ReadEntriesAsync(appended.Index, 1, None))[0].Data;
            memory.AppendData(data);
            Assert.Equal(Hex(memory.Root()), Hex(await log.Tree.RootAsync(Size + 1, None)));
        }

        // Opening it again finds nothing to backfill.
        Assert.Equal(0, await AuditNodeBackfill.RunAsync(store, hasher, None));
    }

    private static (List<AuditEntry> Entries, List<AuditNode> Nodes) Entries(TreeFrontier frontier, int count, List<byte[]> leaves, MemoryMerkleLog memory)
    {
        var entries = new List<AuditEntry>(count);
        var nodes = new List<AuditNode>();
        for (var i = 0; i < count; i++)
        {
            var record = new AuditRecord { Type = AuditRecordTypes.DataAccess, AgreementId = $"agreement-{frontier.Size % 7}", Digest = $"sha256:{frontier.Size:x64}" };
            var data = AuditEntryCodec.Encode(record, T0);
            var leaf = Rfc9162.LeafHash(data);
            entries.Add(new AuditEntry { Index = frontier.Size, Time = T0, Data = data, LeafHash = leaf, Type = record.Type, AgreementId = record.AgreementId });
            frontier.Append(leaf, (level, index, hash) => nodes.Add(new AuditNode(level, index, hash)));
            leaves.Add(leaf);
            memory.AppendLeafHash(leaf);
        }

        return (entries, nodes);
    }

    private static AuditLog NewLog(SqliteAuditLogStore store) =>
        new(store, Options.Create(new AuditOptions { TileCacheSize = 64 }), TimeProvider.System, NullLogger<AuditLog>.Instance);

    private static async Task<SqliteAuditLogStore> OpenStoreAsync(string directory, ConnectorDatabase? database = null)
    {
        database ??= new ConnectorDatabase(directory);
        await new SqliteStorageLifecycle(database, new SchemaMigrator(database, TimeProvider.System, NullLogger<SchemaMigrator>.Instance)).MigrateAsync(None);
        return new SqliteAuditLogStore(database);
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
