using System.Collections.Concurrent;
using Dataspace.Sdk.Storage;
using Dataspace.Testing;

namespace Dataspace.Plugins.Storage.Postgres.Tests.Ports;

/// <summary>Several connector instances on one database: claims, take-over of dead instances' claims, wake-ups.</summary>
public sealed class PostgresMultiInstanceTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [PostgresFact]
    public async Task TwoInstancesClaimingAtOnce_NeverGetTheSameMessage_AndKeepEachProcessInOrder()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var a = await PostgresNode.StartAsync(db.ConnectionString);
        await using var b = await PostgresNode.StartAsync(db.ConnectionString);
        const int Processes = 40, PerProcess = 4;
        for (var i = 0; i < Processes; i++)
        {
            await (i % 2 == 0 ? a : b).CreateProcessAsync(PerProcess, T0);
        }

        var claimedBy = new ConcurrentDictionary<long, string>();
        var delivered = new ConcurrentQueue<OutboxMessage>();
        var duplicates = new ConcurrentQueue<long>();
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task Work(PostgresNode node)
        {
            await go.Task;
            var idleRounds = 0;
            while (idleRounds < 3)
            {
                var batch = await node.Outbox.ClaimAsync(node.Name, T0.AddMinutes(1), 7, CancellationToken.None);
                idleRounds = batch.Count == 0 ? idleRounds + 1 : 0;
                foreach (var message in batch)
                {
                    if (!claimedBy.TryAdd(message.Id, node.Name))
                    {
                        duplicates.Enqueue(message.Id);
                    }

                    Assert.Equal(node.Name, message.ClaimedBy);
                    delivered.Enqueue(message);

                    // Sending takes a while, as it does over the network: neither instance can drain the outbox alone.
                    await Task.Delay(5);
                    await node.Outbox.CompleteAsync(message, CancellationToken.None);
                }

                if (batch.Count == 0)
                {
                    await Task.Delay(20);
                }
            }
        }

        var working = Task.WhenAll(Task.Run(() => Work(a)), Task.Run(() => Work(b)));
        go.SetResult();
        await working;

        Assert.Empty(duplicates);
        Assert.Equal(Processes * PerProcess, delivered.Count);
        Assert.Contains(a.Name, claimedBy.Values);
        Assert.Contains(b.Name, claimedBy.Values);
        foreach (var process in delivered.GroupBy(m => m.ProcessId))
        {
            // Delivered (completed) in the order they were stored: one in flight per process, oldest first.
            Assert.Equal(Enumerable.Range(0, PerProcess).Select(i => $"m{i}"), process.Select(m => m.MessageType));
        }
    }

    [PostgresFact]
    public async Task ClaimOfALiveInstance_IsNeverTakenOver_HoweverLongItTakes()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var a = await PostgresNode.StartAsync(db.ConnectionString);
        await using var b = await PostgresNode.StartAsync(db.ConnectionString);
        await a.CreateProcessAsync(1, T0);
        var claimed = Assert.Single(await a.Outbox.ClaimAsync(a.Name, T0, 10, CancellationToken.None));

        // No timer: even a year later, B does not get a message A is still sending.
        Assert.Empty(await b.Outbox.ClaimAsync(b.Name, T0.AddYears(1), 10, CancellationToken.None));
        Assert.True(await b.Outbox.IsPendingAsync(claimed.ProcessId, "m0", CancellationToken.None));

        await a.Outbox.CompleteAsync(claimed, CancellationToken.None);
        Assert.False(await b.Outbox.IsPendingAsync(claimed.ProcessId, null, CancellationToken.None));
    }

    [PostgresFact]
    public async Task CrashedInstance_ItsClaimsAreTakenOver_OnlyOnceItsSessionIsGone()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var a = await PostgresNode.StartAsync(db.ConnectionString);
        await using var b = await PostgresNode.StartAsync(db.ConnectionString);
        await a.CreateProcessAsync(2, T0);
        var claimed = Assert.Single(await a.Outbox.ClaimAsync(a.Name, T0, 10, CancellationToken.None));
        Assert.Empty(await b.Outbox.ClaimAsync(b.Name, T0, 10, CancellationToken.None));

        await a.CrashAsync();

        // The backend ends (and its lock goes) a moment after the client closed the connection.
        var taken = Assert.Single(await ClaimSoonAsync(b));
        Assert.Equal(claimed.Id, taken.Id);
        Assert.Equal(b.Name, taken.ClaimedBy);
        Assert.Equal(0L, await db.ScalarAsync($"SELECT count(*) FROM connector_instances WHERE lock_key = {a.Instance.LockKey}"));
    }

    [PostgresFact]
    public async Task InstanceWhoseSessionTheDatabaseEnded_LosesItsClaims_AndGoesOnUnderANewKey()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var a = await PostgresNode.StartAsync(db.ConnectionString);
        await using var b = await PostgresNode.StartAsync(db.ConnectionString);
        await a.CreateProcessAsync(1, T0);
        var claimed = Assert.Single(await a.Outbox.ClaimAsync(a.Name, T0, 10, CancellationToken.None));
        var oldKey = a.Instance.LockKey;

        // As a network partition or an administrator would: the backend goes away, the process lives on.
        await db.ScalarAsync($"SELECT pg_terminate_backend({a.Instance.SessionProcessId})");
        Assert.Equal(claimed.Id, Assert.Single(await ClaimSoonAsync(b)).Id);
        var deadline = DateTime.UtcNow + Patience;
        while (a.Instance.LockKey == oldKey && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.NotEqual(oldKey, a.Instance.LockKey);
        await a.CreateProcessAsync(1, T0);
        Assert.Single(await a.Outbox.ClaimAsync(a.Name, T0, 10, CancellationToken.None));
    }

    [PostgresFact]
    public async Task MessageStoredByAnotherInstance_WakesAWaitingInstance()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var a = await PostgresNode.StartAsync(db.ConnectionString);
        await using var b = await PostgresNode.StartAsync(db.ConnectionString);
        await Drain(b);

        var waiting = b.Outbox.WaitForWorkAsync(T0, Patience, CancellationToken.None);
        await Task.Delay(200);
        Assert.False(waiting.IsCompleted);
        await a.CreateProcessAsync(1, T0);

        Assert.Same(waiting, await Task.WhenAny(waiting, Task.Delay(Patience / 2)));
        Assert.Single(await b.Outbox.ClaimAsync(b.Name, T0, 10, CancellationToken.None));
    }

    [PostgresFact]
    public async Task IdleInstance_WaitsTheWholeIdleTime_WhenNothingHappens()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var a = await PostgresNode.StartAsync(db.ConnectionString);
        await Drain(a);

        var started = DateTime.UtcNow;
        await a.Outbox.WaitForWorkAsync(T0, TimeSpan.FromMilliseconds(600), CancellationToken.None);

        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(500));
    }

    [PostgresFact]
    public Task WorkHeldUntilTheAnswerIsSent_IsClaimableByNoInstance_ThenGoesToTheOneThatHeldIt_WakingNoOther() =>
        KeptWorkGoesToItsInstanceAsync((a, answerSent) => a.BeginRequest(answerSent), "decide", "the answer to a request woke an instance that did not hold its work");

    // As a's worker running a step whose transition stores a message and a further step (e.g. decide, finalize).
    [PostgresFact]
    public Task WorkStoredWhileAnInstanceRunsAStep_GoesToThatInstanceWhenTheStepEnds_WakingNoOther() =>
        KeptWorkGoesToItsInstanceAsync((a, stepEnded) => a.BeginStep(stepEnded), "finalize", "work stored by a step woke an instance that did not run it");

    // Work a stores while `keep` is in force (a request unanswered, a step running) is claimable by no instance, wakes
    // nobody when stored, and goes to a alone, waking only a, when `keep`'s task completes.
    private static async Task KeptWorkGoesToItsInstanceAsync(Action<PostgresNode, Task> keep, string stepName, string wokeOther)
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var a = await PostgresNode.StartAsync(db.ConnectionString);
        await using var b = await PostgresNode.StartAsync(db.ConnectionString);
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = await Task.Run(async () =>
        {
            keep(a, released.Task);
            var id = await a.CreateProcessAsync(1, T0);
            await a.Outbox.ScheduleStepAsync(new ProcessStep("negotiation", id, stepName), T0, CancellationToken.None);
            return id;
        });

        Assert.Empty(await a.Outbox.ClaimAsync(a.Name, T0, 10, CancellationToken.None));
        var early = await b.Outbox.ClaimWorkAsync(b.Name, T0, 10, 10, CancellationToken.None);
        Assert.Empty(early.Messages);
        Assert.Empty(early.Steps);
        Assert.True(await b.Outbox.IsPendingAsync(process, "m0", CancellationToken.None));

        await Task.Delay(200);
        await Drain(a);
        await Drain(b);
        var started = DateTime.UtcNow;
        var sleeping = b.Outbox.WaitForWorkAsync(T0, TimeSpan.FromMilliseconds(1000), CancellationToken.None);
        var waking = a.Outbox.WaitForWorkAsync(T0, Patience, CancellationToken.None);
        released.SetResult();
        await waking.WaitAsync(Patience / 2);

        // The hand-off runs as the answer or the step completes, which may be just after the wake-up: claim until both came.
        var messages = new List<OutboxMessage>();
        var steps = new List<ProcessStep>();
        for (var deadline = DateTime.UtcNow + Patience; (messages.Count == 0 || steps.Count == 0) && DateTime.UtcNow < deadline; await Task.Delay(20))
        {
            var work = await a.Outbox.ClaimWorkAsync(a.Name, T0, 10, 10, CancellationToken.None);
            messages.AddRange(work.Messages);
            steps.AddRange(work.Steps);
        }

        Assert.Equal(process, Assert.Single(messages).ProcessId);
        Assert.Equal(stepName, Assert.Single(steps).Name);
        var late = await b.Outbox.ClaimWorkAsync(b.Name, T0, 10, 10, CancellationToken.None);
        Assert.Empty(late.Messages);
        Assert.Empty(late.Steps);
        await sleeping;
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(900), wokeOther);
    }

    [PostgresFact]
    public async Task HeldMessageQueuedBehindAnEarlierOne_WaitsForIt_ThenGoesToAnyInstance()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var a = await PostgresNode.StartAsync(db.ConnectionString);
        await using var b = await PostgresNode.StartAsync(db.ConnectionString);
        var process = await a.CreateProcessAsync(1, T0);
        var first = Assert.Single(await b.Outbox.ClaimAsync(b.Name, T0, 10, CancellationToken.None));

        // A later message of the same process, held by a's request: after the answer it must still wait for the first.
        var answerSent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var record = Assert.IsType<ContractNegotiationRecord>(await a.Negotiations.GetAsync(process, CancellationToken.None));
        await Task.Run(async () =>
        {
            a.BeginRequest(answerSent.Task);
            var moved = record with { State = NegotiationState.Offered, UpdatedAt = T0 };
            Assert.True(await a.Negotiations.TransitionAsync(moved, NegotiationState.Requested,
                ProcessEffects.Send(new OutboxMessage("negotiation", process, "later", "http://peer.example/dsp/negotiations", [1], "did:web:peer")), CancellationToken.None));
        });
        await Task.Delay(200);
        await Drain(a);
        answerSent.SetResult();
        await a.Outbox.WaitForWorkAsync(T0, Patience, CancellationToken.None).WaitAsync(Patience);
        Assert.Empty(await a.Outbox.ClaimAsync(a.Name, T0, 10, CancellationToken.None));
        Assert.Empty(await b.Outbox.ClaimAsync(b.Name, T0, 10, CancellationToken.None));

        await b.Outbox.CompleteAsync(first, CancellationToken.None);
        Assert.Equal("later", Assert.Single(await ClaimSoonAsync(b)).MessageType);
    }

    [PostgresFact]
    public async Task MessageQueuedBehindOneBeingSent_DoesNotEndAWait()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var a = await PostgresNode.StartAsync(db.ConnectionString);
        await using var b = await PostgresNode.StartAsync(db.ConnectionString);
        await b.CreateProcessAsync(2, T0);
        Assert.Single(await a.Outbox.ClaimAsync(a.Name, T0, 10, CancellationToken.None));

        // m1 is due but cannot go before m0 is settled: a wait that counted it would end at once, again and again.
        var empty = await b.Outbox.ClaimWorkAsync(b.Name, T0, 10, 10, CancellationToken.None);
        Assert.Empty(empty.Messages);
        await Task.Delay(200);
        await Drain(b);
        var started = DateTime.UtcNow;
        await b.Outbox.ClaimWorkAsync(b.Name, T0, 10, 10, CancellationToken.None);
        await b.Outbox.WaitForWorkAsync(T0, TimeSpan.FromMilliseconds(600), CancellationToken.None);
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(500), "a message queued behind one being sent ended the wait");
    }

    [PostgresFact]
    public async Task HeldMessageOfACrashedInstance_IsStillDelivered()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var a = await PostgresNode.StartAsync(db.ConnectionString);
        await using var b = await PostgresNode.StartAsync(db.ConnectionString);
        var process = await Task.Run(async () =>
        {
            a.BeginRequest(new TaskCompletionSource().Task);
            return await a.CreateProcessAsync(1, T0);
        });

        await a.CrashAsync();

        Assert.Equal(process, Assert.Single(await ClaimSoonAsync(b)).ProcessId);
    }

    [PostgresFact]
    public async Task RescheduledMessage_WaitsUntilItsTime_CountingTheAttempt()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var a = await PostgresNode.StartAsync(db.ConnectionString);
        await using var b = await PostgresNode.StartAsync(db.ConnectionString);
        await a.CreateProcessAsync(1, T0);
        var claimed = Assert.Single(await a.Outbox.ClaimAsync(a.Name, T0, 10, CancellationToken.None));

        await a.Outbox.RescheduleAsync(claimed, T0.AddMinutes(5), "peer answered 503", CancellationToken.None);

        Assert.Empty(await b.Outbox.ClaimAsync(b.Name, T0.AddMinutes(4), 10, CancellationToken.None));
        var again = Assert.Single(await b.Outbox.ClaimAsync(b.Name, T0.AddMinutes(5), 10, CancellationToken.None));
        Assert.Equal(claimed.Id, again.Id);
        Assert.Equal(1, again.Attempts);
    }

    [PostgresFact]
    public async Task CleanShutdown_GivesItsClaimsBack_AtOnce()
    {
        await using var db = await TestDatabase.CreateAsync();
        var a = await PostgresNode.StartAsync(db.ConnectionString);
        await using var b = await PostgresNode.StartAsync(db.ConnectionString);
        await a.CreateProcessAsync(1, T0);
        var claimed = Assert.Single(await a.Outbox.ClaimAsync(a.Name, T0, 10, CancellationToken.None));

        await a.DisposeAsync();

        Assert.Equal(claimed.Id, Assert.Single(await b.Outbox.ClaimAsync(b.Name, T0, 10, CancellationToken.None)).Id);
    }

    [PostgresFact]
    public async Task SettledWork_WakesOtherInstances_OnlyWhenAMessageOfItsProcessIsQueuedBehindIt()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var a = await PostgresNode.StartAsync(db.ConnectionString);
        await using var b = await PostgresNode.StartAsync(db.ConnectionString);

        // A process's only message and a step, settled by a: nothing new for b, which sleeps its whole idle time.
        var single = await a.CreateProcessAsync(1, T0);
        await a.Outbox.ScheduleStepAsync(new ProcessStep("negotiation", single, "decide"), T0, CancellationToken.None);
        var message = Assert.Single(await a.Outbox.ClaimAsync(a.Name, T0, 10, CancellationToken.None));
        var step = Assert.Single(await a.Outbox.ClaimStepsAsync(a.Name, T0, 10, CancellationToken.None));
        await Task.Delay(200);
        await Drain(b);
        var started = DateTime.UtcNow;
        var sleeping = b.Outbox.WaitForWorkAsync(T0, TimeSpan.FromMilliseconds(1000), CancellationToken.None);
        await a.Outbox.CompleteAsync(message, CancellationToken.None);
        await a.Outbox.CompleteStepAsync(step, CancellationToken.None);
        await sleeping;
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(900), "settling a lone message or a step woke another instance");

        // The first of two messages settled: the second may go now, so a waiting instance is woken (due later, so the
        // wait does not end on its due time).
        var later = T0.AddHours(1);
        var pair = await a.CreateProcessAsync(2, later);
        var first = Assert.Single(await a.Outbox.ClaimAsync(a.Name, later, 10, CancellationToken.None));
        Assert.Equal(pair, first.ProcessId);
        await Task.Delay(200);
        await Drain(b);
        var waking = b.Outbox.WaitForWorkAsync(T0, Patience, CancellationToken.None);
        await Task.Delay(200);
        Assert.False(waking.IsCompleted);
        await a.Outbox.CompleteAsync(first, CancellationToken.None);
        Assert.Same(waking, await Task.WhenAny(waking, Task.Delay(Patience / 2)));
        Assert.Equal("m1", Assert.Single(await b.Outbox.ClaimAsync(b.Name, later, 10, CancellationToken.None)).MessageType);
    }

    // Claims until something comes (or patience runs out).
    private static async Task<IReadOnlyList<OutboxMessage>> ClaimSoonAsync(PostgresNode node)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var claimed = await node.Outbox.ClaimAsync(node.Name, T0, 10, CancellationToken.None);
            if (claimed.Count > 0 || DateTime.UtcNow > deadline)
            {
                return claimed;
            }

            await Task.Delay(25);
        }
    }

    // Consumes the wake-up left by start-up, so the next wait is a real one.
    private static async Task Drain(PostgresNode node) =>
        await node.Outbox.WaitForWorkAsync(T0, TimeSpan.FromMilliseconds(50), CancellationToken.None);
}
