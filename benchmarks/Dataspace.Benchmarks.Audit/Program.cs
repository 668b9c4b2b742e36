using System.Diagnostics;
using System.Globalization;
using Dataspace.Benchmarks.Audit;
using Dataspace.Connector.Audit;
using Dataspace.Connector.Storage.Sqlite;
using Dataspace.Evidence.Entries;
using Dataspace.Evidence.Merkle;
using Dataspace.Identity.Dcp;
using Dataspace.Identity.Jose;
using Dataspace.Sdk.Audit;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

// The audit log on the embedded SQLite database (synchronous = FULL: every commit is fsynced before appends complete).
// 1. Appends: many concurrent appenders for a fixed time, batched by the log's single writer; checkpoints signed every
//    second meanwhile. Targets: >= 20,000 appends/s; a checkpoint every second under that load.
// 2. Inclusion proofs: the log bulk-loaded to a large size (through the store's batched append, with the tree's stored
//    nodes), then proofs of random entries from a cold tile cache, and of the same entries from an in-memory tree of the
//    same leaves. Target: p99 < 1 ms at 10 million entries.
// Run: dotnet run -c Release --project benchmarks/Dataspace.Benchmarks.Audit [-- <appenders> <seconds> <proof-log-size> <proofs>]
var appenders = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 512;
var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
var proofSize = args.Length > 2 ? long.Parse(args[2], CultureInfo.InvariantCulture) : 10_000_000;
var proofs = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 20_000;
var folder = Directory.CreateTempSubdirectory("audit-bench-");
try
{
    await AppendsAsync(Path.Combine(folder.FullName, "appends"), appenders, TimeSpan.FromSeconds(seconds));
    await ProofsAsync(Path.Combine(folder.FullName, "proofs"), proofSize, proofs);
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    folder.Delete(recursive: true);
}

static async Task<(ConnectorDatabase Database, SqliteAuditLogStore Store)> OpenAsync(string directory)
{
    Directory.CreateDirectory(directory);
    var database = new ConnectorDatabase(directory, Dataspace.Connector.Storage.DatabaseSynchronous.Full);
    await new SqliteStorageLifecycle(database, new SchemaMigrator(database, TimeProvider.System, NullLogger<SchemaMigrator>.Instance)).MigrateAsync(CancellationToken.None);
    return (database, new SqliteAuditLogStore(database));
}

static async Task AppendsAsync(string directory, int appenders, TimeSpan duration)
{
    var (database, store) = await OpenAsync(directory);
    var options = Options.Create(new AuditOptions { CheckpointInterval = TimeSpan.FromSeconds(1) });
    await using var log = new AuditLog(store, options, TimeProvider.System, NullLogger<AuditLog>.Instance);
    await log.StartAsync(CancellationToken.None);
    using var key = SigningKey.Generate(JwsAlgorithms.EdDSA);
    var identity = new BenchIdentity(LocalIdentities.ForDidKey(key));
    using var checkpointer = new AuditCheckpointer(log, [identity], [], options, TimeProvider.System, NullLogger<AuditCheckpointer>.Instance);
    await checkpointer.StartAsync(CancellationToken.None);

    var commitsBefore = database.Commits;
    var stop = DateTime.UtcNow + duration;
    var clock = Stopwatch.StartNew();
    var counts = await Task.WhenAll(Enumerable.Range(0, appenders).Select(a => Task.Run(async () =>
    {
        var n = 0L;
        while (DateTime.UtcNow < stop)
        {
            await log.AppendAsync(new AuditRecord
            {
                Type = AuditRecordTypes.DspMessageReceived,
                Actor = "did:web:peer.example",
                ProcessId = $"process-{a}",
                AgreementId = $"agreement-{a % 16}",
                Digest = "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                Details = new System.Text.Json.Nodes.JsonObject { ["messageType"] = "ContractRequestMessage" },
            }, CancellationToken.None);
            n++;
        }

        return n;
    })));
    var elapsed = clock.Elapsed;
    await Task.Delay(TimeSpan.FromSeconds(1.5));
    await checkpointer.StopAsync(CancellationToken.None);
    var total = counts.Sum();
    var commits = database.Commits - commitsBefore;
    var checkpoints = await store.ListCheckpointsAsync(0, long.MaxValue, 10_000, CancellationToken.None);
    var gaps = checkpoints.Zip(checkpoints.Skip(1), (a, b) => (b.CreatedAt - a.CreatedAt).TotalSeconds).DefaultIfEmpty(0).ToList();
    Console.WriteLine($"appends: {total:N0} by {appenders} concurrent appenders in {elapsed.TotalSeconds:F1} s = {total / elapsed.TotalSeconds:N0}/s (target >= 20,000/s), durable (synchronous=FULL)");
    Console.WriteLine($"  commits: {commits:N0} ({(double)total / Math.Max(1, commits):F0} appends per commit)");
    Console.WriteLine($"  checkpoints signed: {checkpoints.Count}, largest gap between two {gaps.Max():F2} s (target: every 1 s), last of size {checkpoints[^1].Size:N0} of {log.Size:N0}");
}

static async Task ProofsAsync(string directory, long size, int count)
{
    var (_, store) = await OpenAsync(directory);
    var hasher = TreeHashers.Get(TreeHashers.Sha256);
    await store.OpenAsync(hasher.Name, CancellationToken.None);
    // The bulk load writes what the appender writes (entries encoded by the codec, leaf hashes, the frontier's stored
    // nodes, one batch per transaction through the store), only in larger batches; the same leaves go into an in-memory
    // tree for the comparison.
    var memory = new MemoryMerkleLog(hasher);
    var frontier = new TreeFrontier(hasher);
    var time = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    var load = Stopwatch.StartNew();
    const int Batch = 50_000;
    while (frontier.Size < size)
    {
        var entries = new List<AuditEntry>(Batch);
        var nodes = new List<AuditNode>();
        var at = frontier.Size;
        for (var i = 0; i < Batch && frontier.Size < size; i++)
        {
            var record = new AuditRecord { Type = AuditRecordTypes.DataAccess, AgreementId = $"agreement-{frontier.Size % 1000}", Digest = $"sha256:{frontier.Size:x64}" };
            var data = AuditEntryCodec.Encode(record, time);
            var leaf = new byte[hasher.HashSize];
            hasher.HashLeaf(data, leaf);
            entries.Add(new AuditEntry { Index = frontier.Size, Time = time, Data = data, LeafHash = leaf, Type = record.Type, AgreementId = record.AgreementId });
            frontier.Append(leaf, (level, index, hash) => nodes.Add(new AuditNode(level, index, hash)));
            memory.AppendLeafHash(leaf);
        }

        if (!await store.TryAppendAsync(new AuditBatch { ExpectedSize = at, Entries = entries, Nodes = nodes }, CancellationToken.None))
        {
            throw new InvalidOperationException("the bulk load lost its place in the log");
        }
    }

    Console.WriteLine($"proof log: {size:N0} entries bulk-loaded in {load.Elapsed.TotalSeconds:F0} s (every {MerkleTree.StoredLevelStride}th level stored)");
    var options = Options.Create(new AuditOptions());
    await using var log = new AuditLog(store, options, TimeProvider.System, NullLogger<AuditLog>.Instance);
    var root = frontier.Root();
    if (!(await log.Tree.RootAsync(size, CancellationToken.None)).AsSpan().SequenceEqual(root) || !memory.Root().AsSpan().SequenceEqual(root))
    {
        throw new InvalidOperationException("the root from the store or the in-memory tree differs from the bulk load's");
    }

    var random = new Random(9162);
    var indices = Enumerable.Range(0, count).Select(_ => random.NextInt64(size)).ToArray();
    var stored = await TimeProofsAsync(log.Tree, indices, size, root, hasher, store);
    var inMemory = await TimeProofsAsync(memory.Tree, indices, size, root, hasher, store);
    Console.WriteLine($"inclusion proofs at {size:N0} entries, {count:N0} random entries (target p99 < 1 ms):");
    Console.WriteLine($"  from SQLite (tile cache {options.Value.TileCacheSize:N0} tiles, cold at start): p50 {stored[count / 2]:F3} ms, p99 {stored[(int)(count * 0.99)]:F3} ms, max {stored[^1]:F3} ms");
    Console.WriteLine($"  in memory:                                           p50 {inMemory[count / 2]:F3} ms, p99 {inMemory[(int)(count * 0.99)]:F3} ms, max {inMemory[^1]:F3} ms");
}

// Times each proof; every 500th is checked with MerkleVerifier against the root and the entry's leaf hash as stored.
static async Task<double[]> TimeProofsAsync(MerkleTree tree, long[] indices, long size, byte[] root, ITreeHasher hasher, SqliteAuditLogStore store)
{
    var times = new double[indices.Length];
    for (var i = 0; i < indices.Length; i++)
    {
        var index = indices[i];
        var started = Stopwatch.GetTimestamp();
        var proof = await tree.InclusionProofAsync(index, size, CancellationToken.None);
        times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (i % 500 == 0)
        {
            var leaf = (await store.ReadHashesAsync(0, index, 1, CancellationToken.None)).AsSpan();
            if (!MerkleVerifier.VerifyInclusion(hasher, index, size, leaf, proof, root))
            {
                throw new InvalidOperationException($"the proof of entry {index} does not verify");
            }
        }
    }

    Array.Sort(times);
    return times;
}
