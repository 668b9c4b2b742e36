using Dataspace.Plugins.Storage.Postgres.Internal;
using Dataspace.Sdk.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Dataspace.Plugins.Storage.Postgres.Stores;

/// <summary>
/// Writes a process change's effects inside its transaction and commits it: withdrawn messages, the agreement, and the
/// new messages, which are stored claimed by this instance while the DSP request that caused them is not answered yet.
/// </summary>
/// <remarks>
/// A held message is an ordinary claim of this instance: no other instance can take it, and if this instance dies before
/// the answer is sent the database frees its liveness lock, so the message is taken over and delivered (holds are not durable).
/// Once the answer is sent the instance keeps what it held and runs it itself (<see cref="PostgresHandOff"/>). What a step
/// run by this instance's worker stores is stored and kept the same way, handed over when the step's run ends.
/// </remarks>
internal sealed partial class PostgresOutbox
{
    private readonly PostgresDatabase _database;
    private readonly PostgresInstance _instance;
    private readonly IOutboxHold _hold;
    private readonly PostgresHandOff _handOff;
    private readonly ILogger<PostgresOutbox> _logger;

    public PostgresOutbox(PostgresDatabase database, PostgresInstance instance, IOutboxHold hold, PostgresHandOff handOff, ILogger<PostgresOutbox> logger)
    {
        _database = database;
        _instance = instance;
        _hold = hold;
        _handOff = handOff;
        _logger = logger;
    }

    /// <summary>Applies <paramref name="effects"/> for process <paramref name="processId"/> and commits <paramref name="transaction"/>.</summary>
    public async Task FinishAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string processId, ProcessEffects effects, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (effects.DiscardPending)
        {
            await connection.ExecuteAsync(transaction, "DELETE FROM outbox WHERE process_id = @p", cancellationToken, ("p", processId)).ConfigureAwait(false);
        }

        if (effects.DiscardPendingTypes.Count > 0)
        {
            await connection.ExecuteAsync(transaction, "DELETE FROM outbox WHERE process_id = @p AND message_type = ANY(@m)", cancellationToken,
                ("p", processId), ("m", effects.DiscardPendingTypes.ToArray())).ConfigureAwait(false);
        }

        if (effects.CompletedStep is { } done)
        {
            await connection.ExecuteAsync(transaction, "DELETE FROM process_steps WHERE id = @id", cancellationToken, ("id", done.Id)).ConfigureAwait(false);
        }

        if (effects.Agreement is { } agreement)
        {
            await PostgresAgreementStore.InsertAsync(connection, transaction, agreement, cancellationToken).ConfigureAwait(false);
        }

        var answerPending = effects.Messages.Count + effects.Steps.Count == 0 ? null : HeldUntil();
        var held = answerPending is null ? null : new List<long>(effects.Messages.Count);
        var heldSteps = answerPending is null ? null : new List<long>(effects.Steps.Count);
        var holder = held is null ? 0 : HeldBy();
        foreach (var message in effects.Messages)
        {
            var id = (long)(await connection.ScalarAsync(transaction,
                """
                INSERT INTO outbox (process_kind, message_type, purpose, process_id, url, body, counter_party_id, attempts, next_attempt_at, created_at, claimed_by, claimed_at)
                VALUES (@k, @m, @purpose, @p, @u, @b, @c, 0, @t, @t, @held, CASE WHEN @held::integer IS NULL THEN NULL ELSE @t END)
                RETURNING id
                """,
                cancellationToken,
                ("k", message.ProcessKind), ("m", message.MessageType), ("purpose", (int)message.Purpose), ("p", message.ProcessId), ("u", message.Url), ("b", message.Body),
                ("c", message.CounterPartyId), ("t", NpgsqlCommands.Utc(at)), ("held", held is null ? null : (object)holder)).ConfigureAwait(false))!;
            held?.Add(id);
        }

        foreach (var step in effects.Steps)
        {
            var id = await InsertStepAsync(connection, transaction, step, at, held is null ? null : holder, cancellationToken).ConfigureAwait(false);
            heldSteps?.Add(id);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (answerPending is not null && held!.Count + heldSteps!.Count > 0)
        {
            _ = answerPending.ContinueWith(_ => AnsweredAsync(held, heldSteps, holder), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).Unwrap();
        }
    }

    /// <summary>Stores a step on its own (no process change), held like one stored with a change.</summary>
    public async Task ScheduleStepAsync(ProcessStep step, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        var answerPending = HeldUntil();
        var holder = answerPending is null ? 0 : HeldBy();
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var id = await InsertStepAsync(connection, transaction, step, dueAt, answerPending is null ? null : holder, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (answerPending is not null)
        {
            _ = answerPending.ContinueWith(_ => AnsweredAsync([], [id], holder), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).Unwrap();
        }
    }

    private static async Task<long> InsertStepAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ProcessStep step, DateTimeOffset at, int? heldBy, CancellationToken cancellationToken) =>
        (long)(await connection.ScalarAsync(transaction,
            """
            INSERT INTO process_steps (process_kind, process_id, name, argument, due_at, created_at, claimed_by, claimed_at)
            VALUES (@k, @p, @n, @a, @t, @t, @held, CASE WHEN @held::integer IS NULL THEN NULL ELSE @t END)
            RETURNING id
            """,
            cancellationToken,
            ("k", step.ProcessKind), ("p", step.ProcessId), ("n", step.Name), ("a", step.Argument), ("t", NpgsqlCommands.Utc(at)), ("held", (object?)heldBy)).ConfigureAwait(false))!;

    // Until the answer to the DSP request this flow handles is sent; or, in a step this instance's worker runs, until the
    // step's run ends: nothing waits for that, but this instance is alive and about to claim again, so what the step
    // stores goes to it like held work (no NOTIFY waking every instance for rows only one of them gets).
    private Task? HeldUntil() => _hold.AnswerPending ?? _hold.StepRunning;

    private int HeldBy() =>
        _instance.LockKey is > 0 and var key ? key : throw new InvalidOperationException("the PostgreSQL storage is not started: IStorageLifecycle.MigrateAsync must run before processes change");

    // The answer is sent (or the step that stored them ended). The rows are this instance's claims already: its own worker takes them at its next claim (woken
    // here, in memory), and no other instance is woken to look for them. Only while the claims are still this instance's
    // (after a lost session another instance may have taken them over), and while the hand-off is not full.
    private Task AnsweredAsync(List<long> ids, List<long> stepIds, int holder)
    {
        if (_instance.LockKey == holder && _handOff.HasRoomFor(ids.Count, stepIds.Count))
        {
            _handOff.Add(ids, stepIds);
            _instance.Wake();
            return Task.CompletedTask;
        }

        return ReleaseAsync(ids, stepIds, holder);
    }

    // The messages become claimable by any instance (the NOTIFY wakes them). Only while still this
    // instance's: after a lost session another instance may have taken them over and be sending them.
    private async Task ReleaseAsync(List<long> ids, List<long> stepIds, int holder)
    {
        try
        {
            await using var connection = await _database.OpenAsync(CancellationToken.None).ConfigureAwait(false);
            await connection.ExecuteAsync("""
                UPDATE outbox SET claimed_by = NULL, claimed_at = NULL WHERE id = ANY(@ids) AND claimed_by = @holder;
                UPDATE process_steps SET claimed_by = NULL, claimed_at = NULL WHERE id = ANY(@steps) AND claimed_by = @holder;
                SELECT pg_notify(@channel, '');
                """, CancellationToken.None, ("ids", ids.ToArray()), ("steps", stepIds.ToArray()), ("holder", holder), ("channel", _database.Channel)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or ObjectDisposedException)
        {
            // Still claimed by this instance: released when its session ends and another instance takes them over.
            LogReleaseFailed(_logger, ids.Count + stepIds.Count, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release {Count} outbox message(s) or step(s) held until a DSP answer was sent; they are delivered once this instance's session ends")]
    private static partial void LogReleaseFailed(ILogger logger, int count, Exception exception);
}
