using Dataspace.Connector.Storage.Sqlite;
using Dataspace.Sdk.Storage;
using Dataspace.Sdk.Testing.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Connector.Tests.Storage.Sqlite;

/// <summary>
/// The stores' writers of one process queue on <see cref="ConnectorDatabase.WaitToWriteAsync"/> instead of colliding on
/// SQLite's lock and sleeping in its busy handler; the busy handler still waits for a writer of another process.
/// </summary>
public sealed class SqliteWriteGateTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Stores_ManyConcurrentWriters_NeverSleepInTheBusyHandler()
    {
        await using var storage = await OpenAsync();
        var database = storage.Services.GetRequiredService<ConnectorDatabase>();
        var commitsBefore = database.Commits;

        // Every kind of write a negotiation makes (create with a message, peer pid, transition, claim, completion), from
        // many threads at once: without the turn, two of them find the lock taken within a few rounds.
        const int Workers = 16, Rounds = 8;
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            for (var round = 0; round < Rounds; round++)
            {
                var record = StoreTestData.Negotiation();
                await storage.Negotiations.CreateAsync(record, ProcessEffects.Send(StoreTestData.Message(record.Id)), None);
                await storage.Negotiations.SetPeerPidAsync(record.Id, StoreTestData.NewId("peer"), None);
                Assert.True(await storage.Negotiations.TransitionAsync(record with { State = NegotiationState.Agreed }, NegotiationState.Requested, ProcessEffects.None, None));
                foreach (var message in await storage.Outbox.ClaimAsync($"instance-{worker}", StoreTestData.T0.AddYears(10), 4, None))
                {
                    await storage.Outbox.CompleteAsync(message, None);
                }
            }
        })));

        Assert.Equal(Workers * Rounds, (await storage.Negotiations.ListAsync(new PageRequest(0, 1), null, NegotiationState.Agreed, None)).Total);
        Assert.True(database.Commits - commitsBefore >= Workers * Rounds * 3, "the writes committed");
        Assert.Equal(0, database.BusyWaits);
    }

    [Fact]
    public async Task Store_WhileAnotherProcessHoldsTheWriteLock_WaitsInTheBusyHandlerThenWrites()
    {
        await using var storage = await OpenAsync();
        var database = storage.Services.GetRequiredService<ConnectorDatabase>();

        // A connection outside the turn, as the CLI's would be, holds the write lock.
        await using var other = new SqliteConnection(database.ConnectionString);
        await other.OpenAsync();
        var lockHeld = (SqliteTransaction)await other.BeginTransactionAsync();
        var record = StoreTestData.Negotiation();
        var create = Task.Run(() => storage.Negotiations.CreateAsync(record, ProcessEffects.None, None));
        for (var i = 0; i < 1000 && database.BusyWaits == 0 && !create.IsCompleted; i++)
        {
            await Task.Delay(10);
        }

        Assert.False(create.IsCompleted, "the write went ahead while another connection held the lock");
        Assert.True(database.BusyWaits > 0, "the busy handler did not count the wait");
        await lockHeld.CommitAsync();
        await lockHeld.DisposeAsync();

        Assert.True((await create).Created);
        Assert.NotNull(await storage.Negotiations.GetAsync(record.Id, None));
    }

    [Theory]
    [InlineData(0, 30_000, 1)]
    [InlineData(1, 30_000, 2)]
    [InlineData(11, 30_000, 100)]
    [InlineData(12, 30_000, 100)]
    [InlineData(300, 30_000, 100)]
    [InlineData(3, 10, 2)] // 8 ms slept so far: only 2 left of a 10 ms timeout.
    [InlineData(308, 30_000, 72)] // 228 + 100 × 297 = 29,928 ms slept so far.
    public void Delay_FollowsSqlitesScheduleUpToTheTimeout(int count, int timeoutMs, int expected) =>
        Assert.Equal(expected, SqliteBusyHandler.Delay(count, timeoutMs));

    [Theory]
    [InlineData(3, 8)] // 1 + 2 + 5 = 8 ms slept: the timeout is reached.
    [InlineData(309, 30_000)] // 228 + 100 × 298 ≥ 30 s.
    public void Delay_PastTheTimeout_GivesUp(int count, int timeoutMs) =>
        Assert.Null(SqliteBusyHandler.Delay(count, timeoutMs));

    private static async Task<StorageUnderTest> OpenAsync()
    {
        var storage = await SqliteStorage.CreateAsync();
        await storage.Lifecycle.MigrateAsync(None);
        return storage;
    }
}
