using Dataspace.Connector.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dataspace.Connector.Tests.Storage.Sqlite;

/// <summary>The upgrade to process steps: work that start-up scans used to find again becomes stored steps.</summary>
public sealed class ProcessStepsMigrationTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }

    [Fact]
    public async Task Migrate_FromVersion5_DerivesAStepForEveryProviderProcessInAWorkingState()
    {
        var database = new ConnectorDatabase(_temp.Path);
        var migrator = new SchemaMigrator(database, TimeProvider.System, NullLogger<SchemaMigrator>.Instance);
        Assert.Equal(5, await migrator.MigrateAsync([.. Migrations.All.Where(m => m.Version <= 5)], CancellationToken.None));
        await using (var connection = await database.OpenAsync(CancellationToken.None))
        await using (var insert = connection.CreateCommand())
        {
            insert.CommandText = """
                INSERT INTO negotiations (id, role, state, counter_party_id, counter_party_address, offer_id, asset_id, offer, created_at, updated_at) VALUES
                    ('n-requested', 'Provider', 100, 'did:web:c', 'http://c', 'o', 'a', '{}', '2026-01-01T00:00:01.000Z', '2026-01-01T00:00:01.000Z'),
                    ('n-offered', 'Provider', 200, 'did:web:c', 'http://c', 'o', 'a', '{}', '2026-01-01T00:00:02.000Z', '2026-01-01T00:00:02.000Z'),
                    ('n-accepted', 'Provider', 300, 'did:web:c', 'http://c', 'o', 'a', '{}', '2026-01-01T00:00:03.000Z', '2026-01-01T00:00:03.000Z'),
                    ('n-verified', 'Provider', 500, 'did:web:c', 'http://c', 'o', 'a', '{}', '2026-01-01T00:00:04.000Z', '2026-01-01T00:00:04.000Z'),
                    ('n-finalized', 'Provider', 600, 'did:web:c', 'http://c', 'o', 'a', '{}', '2026-01-01T00:00:05.000Z', '2026-01-01T00:00:05.000Z'),
                    ('n-consumer', 'Consumer', 100, 'did:web:p', 'http://p', 'o', 'a', '{}', '2026-01-01T00:00:06.000Z', '2026-01-01T00:00:06.000Z');
                INSERT INTO transfers (id, role, state, agreement_id, asset_id, transfer_type, counter_party_id, counter_party_address, created_at, updated_at) VALUES
                    ('t-requested', 'Provider', 100, 'ag', 'a', 'HttpData-PULL', 'did:web:c', 'http://c', '2026-01-01T00:00:07.000Z', '2026-01-01T00:00:07.000Z'),
                    ('t-started', 'Provider', 200, 'ag', 'a', 'HttpData-PULL', 'did:web:c', 'http://c', '2026-01-01T00:00:08.000Z', '2026-01-01T00:00:08.000Z'),
                    ('t-consumer', 'Consumer', 100, 'ag', 'a', 'HttpData-PULL', 'did:web:p', 'http://p', '2026-01-01T00:00:09.000Z', '2026-01-01T00:00:09.000Z');
                """;
            await insert.ExecuteNonQueryAsync();
        }

        await migrator.MigrateAsync(CancellationToken.None);

        await using var read = await database.OpenAsync(CancellationToken.None);
        await using var query = read.CreateCommand();
        query.CommandText = "SELECT process_kind || ' ' || process_id || ' ' || name || ' ' || ifnull(argument, '-') FROM process_steps ORDER BY process_id";
        var steps = new List<string>();
        await using (var reader = await query.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                steps.Add(reader.GetString(0));
            }
        }

        Assert.Equal(
        [
            "negotiation n-accepted decide Accepted",
            "negotiation n-requested decide Requested",
            "negotiation n-verified finalize -",
            "transfer t-requested start -",
        ], steps);
    }
}
