using Dataspace.Plugins.Storage.Postgres.Internal;
using Dataspace.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dataspace.Plugins.Storage.Postgres.Tests;

public sealed class PostgresInstanceTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [PostgresFact]
    public async Task StartAsync_HoldsTheLivenessLock_UntilTheSessionEnds()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var database = await MigratedAsync(db);
        var instance = new PostgresInstance(database, TimeProvider.System, NullLogger<PostgresInstance>.Instance);
        await instance.StartAsync(CancellationToken.None);

        Assert.True(instance.LockKey > 0);
        Assert.False(await IsFreeAsync(db, instance.LockKey));

        await instance.AbandonAsync();

        Assert.True(await IsFreeAsync(db, instance.LockKey));
        await instance.DisposeAsync();
    }

    [PostgresFact]
    public async Task SessionKilledByTheDatabase_LockIsFree_AndTheInstanceRegistersAgainUnderANewKey()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var database = await MigratedAsync(db);
        await using var instance = new PostgresInstance(database, TimeProvider.System, NullLogger<PostgresInstance>.Instance);
        await instance.StartAsync(CancellationToken.None);
        var first = instance.LockKey;

        await db.ScalarAsync($"SELECT pg_terminate_backend({instance.SessionProcessId})");

        var deadline = DateTime.UtcNow + Patience;
        while (instance.LockKey == first && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.NotEqual(first, instance.LockKey);
        Assert.True(await IsFreeAsync(db, first));
        Assert.False(await IsFreeAsync(db, instance.LockKey));
    }

    [PostgresFact]
    public async Task AnotherTransactionStoringAMessage_WakesAWaitingInstance()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var database = await MigratedAsync(db);
        await using var instance = new PostgresInstance(database, TimeProvider.System, NullLogger<PostgresInstance>.Instance);
        await instance.StartAsync(CancellationToken.None);

        // Nothing happens: no wake-up (no polling loop behind the wait).
        Assert.False(await instance.WaitForNotificationAsync(TimeSpan.FromMilliseconds(300), CancellationToken.None));

        var waiting = instance.WaitForNotificationAsync(Patience, CancellationToken.None);
        await db.ScalarAsync("""
            INSERT INTO outbox (process_kind, message_type, process_id, url, body, counter_party_id, next_attempt_at, created_at)
            VALUES ('negotiation', 'm', 'p', 'http://peer', '\x00', 'peer', now(), now())
            """);

        Assert.True(await waiting);
    }

    [PostgresFact]
    public async Task DisposeAsync_GivesBackItsClaims_AndItsRow()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var database = await MigratedAsync(db);
        var instance = new PostgresInstance(database, TimeProvider.System, NullLogger<PostgresInstance>.Instance);
        await instance.StartAsync(CancellationToken.None);
        await db.ScalarAsync($"""
            INSERT INTO outbox (process_kind, message_type, process_id, url, body, counter_party_id, next_attempt_at, created_at, claimed_by, claimed_at)
            VALUES ('negotiation', 'm', 'p', 'http://peer', '\x00', 'peer', now(), now(), {instance.LockKey}, now())
            """);

        await instance.DisposeAsync();

        Assert.Equal(0L, await db.ScalarAsync("SELECT count(*) FROM outbox WHERE claimed_by IS NOT NULL"));
        Assert.Equal(0L, await db.ScalarAsync("SELECT count(*) FROM connector_instances"));
        Assert.True(await IsFreeAsync(db, instance.LockKey));
    }

    [PostgresFact]
    public async Task ConnectorsInTwoSchemasOfOneDatabase_HaveTheirOwnTablesLocksAndWakeUps()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var a = await MigratedAsync(db, "connector_a");
        await using var b = await MigratedAsync(db, "connector_b");
        await using var first = new PostgresInstance(a, TimeProvider.System, NullLogger<PostgresInstance>.Instance);
        await using var second = new PostgresInstance(b, TimeProvider.System, NullLogger<PostgresInstance>.Instance);

        // Both are instance 1 of their schema: with one lock namespace the second would wait for the first forever.
        await first.StartAsync(CancellationToken.None).WaitAsync(Patience);
        await second.StartAsync(CancellationToken.None).WaitAsync(Patience);
        Assert.Equal(1, first.LockKey);
        Assert.Equal(1, second.LockKey);
        Assert.NotEqual(a.Channel, b.Channel);
        await first.WaitForNotificationAsync(TimeSpan.FromMilliseconds(50), CancellationToken.None);
        await second.WaitForNotificationAsync(TimeSpan.FromMilliseconds(50), CancellationToken.None);

        var waiting = second.WaitForNotificationAsync(Patience, CancellationToken.None);
        await db.ScalarAsync("""
            INSERT INTO connector_b.outbox (process_kind, message_type, process_id, url, body, counter_party_id, next_attempt_at, created_at)
            VALUES ('negotiation', 'm', 'p', 'http://peer', '\x00', 'peer', now(), now())
            """);

        Assert.True(await waiting);
        Assert.False(await first.WaitForNotificationAsync(TimeSpan.FromMilliseconds(300), CancellationToken.None));
        Assert.Equal(0L, await db.ScalarAsync("SELECT count(*) FROM connector_a.outbox"));
    }

    [Theory]
    [InlineData("Host=localhost;Search Path=Connector")]
    [InlineData("Host=localhost;Search Path=\"a b\"")]
    public void SearchPathThatIsNotASimpleName_IsRefused_SayingWhatIsExpected(string connectionString)
    {
        var error = Assert.Throws<ArgumentException>(() => new PostgresDatabase(connectionString));
        Assert.Contains("lower-case name", error.Message);
    }

    private static async Task<PostgresDatabase> MigratedAsync(TestDatabase db, string? schema = null)
    {
        var database = new PostgresDatabase(schema is null ? db.ConnectionString : db.ConnectionString + ";Search Path=" + schema);
        await new PostgresSchemaMigrator(database, TimeProvider.System, NullLogger<PostgresSchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);
        return database;
    }

    // Takes and at once gives back the lock on a session of its own: free means no live session holds it.
    private static async Task<bool> IsFreeAsync(TestDatabase db, int lockKey) =>
        (bool)(await db.ScalarAsync($"SELECT pg_try_advisory_lock({AdvisoryLocks.Namespace}, {lockKey}) AND pg_advisory_unlock({AdvisoryLocks.Namespace}, {lockKey})"))!;
}
