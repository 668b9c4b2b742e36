using System.Security.Cryptography;
using Dataspace.Connector.Audit;
using Dataspace.Plugins.Storage.Postgres.Stores;
using Dataspace.Sdk.Audit;
using Dataspace.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Dataspace.Plugins.Storage.Postgres.Tests.Ports;

/// <summary>Two connector instances' audit logs appending to one PostgreSQL log at once.</summary>
public sealed class PostgresAuditLogInstancesTests
{
    [PostgresFact]
    public async Task TwoInstancesAppendingAtOnce_LoseNoEntry_TakeNoIndexTwice_AndBuildOneTree()
    {
        await using var db = await TestDatabase.CreateAsync();
        // A node migrates the database; then two instances, each with its own pool.
        await using var migrated = await PostgresNode.StartAsync(db.ConnectionString);
        using var databaseA = new PostgresDatabase(db.ConnectionString);
        using var databaseB = new PostgresDatabase(db.ConnectionString);
        var options = Options.Create(new AuditOptions { BatchLimit = 64 });
        await using var a = new AuditLog(new PostgresAuditLogStore(databaseA), options, TimeProvider.System, NullLogger<AuditLog>.Instance);
        await using var b = new AuditLog(new PostgresAuditLogStore(databaseB), options, TimeProvider.System, NullLogger<AuditLog>.Instance);
        await a.StartAsync(CancellationToken.None);
        await b.StartAsync(CancellationToken.None);

        var acknowledged = await Task.WhenAll(Enumerable.Range(0, 16).Select(w => Task.Run(async () =>
        {
            var log = w % 2 == 0 ? a : b;
            var mine = new List<AuditAppended>();
            for (var i = 0; i < 60; i++)
            {
                mine.Add(await log.AppendAsync(new AuditRecord { Type = AuditRecordTypes.ManagementChange, Actor = $"worker-{w}", Digest = $"sha256:{w:x32}{i:x32}" }, CancellationToken.None));
            }

            return mine;
        })));

        var all = acknowledged.SelectMany(x => x).OrderBy(x => x.Index).ToList();
        Assert.Equal(Enumerable.Range(0, 960).Select(i => (long)i), all.Select(x => x.Index));
        var entries = await a.Store.ReadEntriesAsync(0, 2000, CancellationToken.None);
        Assert.Equal(960, entries.Count);
        var leaves = entries.Select(e => SHA256.HashData([0x00, .. e.Data])).ToList();
        Assert.All(all, x => Assert.Equal(Convert.ToHexStringLower(leaves[(int)x.Index]), x.LeafHash));

        // Both instances' trees, read from the nodes they stored alternately, have the root of the leaves by RFC 9162's definition.
        var root = Root(leaves, 0, leaves.Count);
        Assert.Equal(root, await a.Tree.RootAsync(960, CancellationToken.None));
        Assert.Equal(root, await b.Tree.RootAsync(960, CancellationToken.None));
        Assert.Equal(3 * 32, (await a.Store.ReadHashesAsync(8, 0, 4, CancellationToken.None)).Length); // 960 leaves complete 3 nodes of level 8
    }

    private static byte[] Root(List<byte[]> leaves, int start, int n)
    {
        if (n == 1)
        {
            return leaves[start];
        }

        var k = 1;
        while (k * 2 < n)
        {
            k *= 2;
        }

        return SHA256.HashData([0x01, .. Root(leaves, start, k), .. Root(leaves, start + k, n - k)]);
    }
}
