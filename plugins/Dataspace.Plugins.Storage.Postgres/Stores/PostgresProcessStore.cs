using System.Data.Common;
using System.Globalization;
using Dataspace.Plugins.Storage.Postgres.Internal;
using Dataspace.Sdk.Storage;
using Npgsql;

namespace Dataspace.Plugins.Storage.Postgres.Stores;

/// <summary>
/// A table of protocol processes (negotiations, transfers): each change is stored together with its effects (messages,
/// agreement, withdrawn messages) in one transaction, and a transition applies only while the process is still in the
/// state the caller saw (compared and written in one statement, so two instances never both move it).
/// </summary>
internal abstract class PostgresProcessStore<TRecord, TState> : IProcessStore<TRecord, TState>
    where TRecord : class
    where TState : struct, Enum
{
    private readonly PostgresDatabase _database;
    private readonly PostgresOutbox _outbox;
    private readonly string _table;
    private readonly string _columns;
    private readonly string _values;
    private readonly string _update;

    private protected PostgresProcessStore(PostgresDatabase database, PostgresOutbox outbox, string table, string columns, string values, string update)
    {
        _database = database;
        _outbox = outbox;
        _table = table;
        _columns = columns;
        _values = values;
        _update = update;
    }

    /// <summary>The SQL parameters of a record (names as in the values and update clauses).</summary>
    private protected abstract (string Name, object? Value)[] Parameters(TRecord r);

    /// <summary>Reads a record from a row of all columns.</summary>
    private protected abstract TRecord Map(DbDataReader r);

    /// <summary>The fields every process has.</summary>
    private protected abstract ProcessKey KeyOf(TRecord record);

    /// <inheritdoc/>
    public async Task<(TRecord Record, bool Created)> CreateAsync(TRecord record, ProcessEffects effects, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(effects);
        var key = KeyOf(record);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // ON CONFLICT on the peer index: a repeated request finds the existing process instead of aborting the transaction.
        var inserted = await connection.ExecuteAsync(transaction,
            $"INSERT INTO {_table} ({_columns}) VALUES ({_values}) ON CONFLICT (role, counter_party_id, peer_pid) WHERE peer_pid IS NOT NULL DO NOTHING",
            cancellationToken, Parameters(record)).ConfigureAwait(false);
        if (inserted == 0)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            var existing = await FindByPeerAsync(key.Role, key.CounterPartyId, key.PeerPid!, cancellationToken).ConfigureAwait(false);
            return (existing ?? throw new InvalidOperationException($"the {_table} row for peer process '{key.PeerPid}' vanished while it was being created"), false);
        }

        await _outbox.FinishAsync(connection, transaction, key.Id, effects, key.UpdatedAt, cancellationToken).ConfigureAwait(false);
        return (record, true);
    }

    /// <inheritdoc/>
    public async Task<bool> TransitionAsync(TRecord updated, TState expectedState, ProcessEffects effects, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(updated);
        ArgumentNullException.ThrowIfNull(effects);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var changed = await connection.ExecuteAsync(transaction,
            $"UPDATE {_table} SET {_update} WHERE id = @id AND state = @expected",
            cancellationToken, [.. Parameters(updated), ("expected", Code(expectedState))]).ConfigureAwait(false);
        if (changed != 1)
        {
            return false;
        }

        var key = KeyOf(updated);
        await _outbox.FinishAsync(connection, transaction, key.Id, effects, key.UpdatedAt, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc/>
    public async Task SetPeerPidAsync(string id, string peerPid, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync($"UPDATE {_table} SET peer_pid = @peer WHERE id = @id AND peer_pid IS NULL", cancellationToken, ("id", id), ("peer", peerPid)).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<TRecord?> GetAsync(string id, CancellationToken cancellationToken) =>
        (await QueryAsync("WHERE id = @id", cancellationToken, ("id", id)).ConfigureAwait(false)).FirstOrDefault();

    /// <inheritdoc/>
    public async Task<TRecord?> FindByPeerAsync(ProcessRole role, string counterPartyId, string peerPid, CancellationToken cancellationToken) =>
        (await QueryAsync("WHERE role = @role AND counter_party_id = @cp AND peer_pid = @peer", cancellationToken,
            ("role", role.ToString()), ("cp", counterPartyId), ("peer", peerPid)).ConfigureAwait(false)).FirstOrDefault();

    /// <inheritdoc/>
    public async Task<Page<TRecord>> ListAsync(PageRequest page, ProcessRole? role, TState? state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        const string Filter = "WHERE (@role::text IS NULL OR role = @role::text) AND (@state::integer IS NULL OR state = @state::integer)";
        (string, object?)[] filter = [("role", role?.ToString()), ("state", state is { } s ? Code(s) : null)];
        var items = await QueryAsync($"{Filter} ORDER BY created_at DESC, id LIMIT @l OFFSET @o", cancellationToken, [.. filter, ("l", page.Limit), ("o", page.Offset)]).ConfigureAwait(false);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var total = (long)(await connection.ScalarAsync($"SELECT count(*) FROM {_table} {Filter}", cancellationToken, filter).ConfigureAwait(false))!;
        return new Page<TRecord>(items, total, page.Offset, page.Limit);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<TRecord>> InStateAsync(ProcessRole role, TState state, CancellationToken cancellationToken) =>
        await QueryAsync("WHERE role = @role AND state = @state ORDER BY created_at, id", cancellationToken, ("role", role.ToString()), ("state", Code(state))).ConfigureAwait(false);

    /// <inheritdoc/>
    public async Task<long> CountOpenAsync(ProcessRole role, string counterPartyId, IReadOnlyCollection<TState> finalStates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(finalStates);
        // Counted by the open states, not "not final": the per-peer state index (migration 4) then reads only the peer's open
        // processes, however many finished ones a long-running connector keeps.
        var open = Enum.GetValues<TState>().Except(finalStates).Select(Code).ToArray();
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return (long)(await connection.ScalarAsync(
            $"SELECT count(*) FROM {_table} WHERE role = @role AND counter_party_id = @cp AND peer_pid IS NOT NULL AND state = ANY(@open)",
            cancellationToken, ("role", role.ToString()), ("cp", counterPartyId), ("open", open)).ConfigureAwait(false))!;
    }

    /// <summary>The stored number of a state.</summary>
    private protected static int Code(TState state) => Convert.ToInt32(state, CultureInfo.InvariantCulture);

    private async Task<List<TRecord>> QueryAsync(string where, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryAsync($"SELECT {_columns} FROM {_table} {where}", Map, cancellationToken, parameters).ConfigureAwait(false);
    }
}
