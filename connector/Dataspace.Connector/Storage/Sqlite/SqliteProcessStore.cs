using System.Data.Common;
using System.Globalization;
using Dataspace.Connector.Protocol;
using Dataspace.Sdk.Storage;
using Microsoft.Data.Sqlite;

namespace Dataspace.Connector.Storage.Sqlite;

/// <summary>
/// A table of protocol processes (negotiations, transfers) in the embedded database: each change is stored together with
/// its effects (messages, agreement, withdrawn messages) in one transaction, and a transition only applies when the
/// process is still in the state the caller saw.
/// </summary>
/// <typeparam name="TRecord">The process record.</typeparam>
/// <typeparam name="TState">Its state enumeration (stored as its number).</typeparam>
public abstract class SqliteProcessStore<TRecord, TState> : IProcessStore<TRecord, TState>
    where TRecord : class
    where TState : struct, Enum
{
    private readonly ConnectorDatabase _database;
    private readonly OutboxSignal _signal;
    private readonly string _table;
    private readonly string _columns;
    private readonly string _values;
    private readonly string _update;

    /// <summary>Creates the store over <paramref name="table"/>.</summary>
    /// <param name="database">The embedded database.</param>
    /// <param name="signal">Wakes the outbox when a message is stored, and holds messages until their request's answer is sent.</param>
    /// <param name="table">The table name.</param>
    /// <param name="columns">Every column, in the order <see cref="Map"/> reads them.</param>
    /// <param name="values">The insert parameters matching <paramref name="columns"/>.</param>
    /// <param name="update">The SET clause a transition writes.</param>
    private protected SqliteProcessStore(ConnectorDatabase database, OutboxSignal signal, string table, string columns, string values, string update)
    {
        _database = database;
        _signal = signal;
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
        ArgumentNullException.ThrowIfNull(effects);
        var key = KeyOf(record);
        using var turn = await _database.WaitToWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await connection.ExecuteAsync($"INSERT INTO {_table} ({_columns}) VALUES ({_values})", cancellationToken, Parameters(record)).ConfigureAwait(false);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19 && key.PeerPid is not null)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            var existing = await FindByPeerAsync(key.Role, key.CounterPartyId, key.PeerPid, cancellationToken).ConfigureAwait(false);
            return (existing ?? throw new InvalidOperationException($"{_table} id collision", e), false);
        }

        await FinishAsync(connection, transaction, KeyOf(record).Id, effects, key.UpdatedAt, cancellationToken).ConfigureAwait(false);
        return (record, true);
    }

    /// <inheritdoc/>
    public async Task<bool> TransitionAsync(TRecord updated, TState expectedState, ProcessEffects effects, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(effects);
        using var turn = await _database.WaitToWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var changed = await connection.ExecuteAsync(
            $"UPDATE {_table} SET {_update} WHERE id = $id AND state = $expected",
            cancellationToken, [.. Parameters(updated), ("$expected", Code(expectedState))]).ConfigureAwait(false);
        if (changed != 1)
        {
            return false;
        }

        var key = KeyOf(updated);
        await FinishAsync(connection, transaction, key.Id, effects, key.UpdatedAt, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc/>
    public async Task SetPeerPidAsync(string id, string peerPid, CancellationToken cancellationToken)
    {
        using var turn = await _database.WaitToWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync($"UPDATE {_table} SET peer_pid = $peer WHERE id = $id AND peer_pid IS NULL", cancellationToken, ("$id", id), ("$peer", peerPid)).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<TRecord?> GetAsync(string id, CancellationToken cancellationToken) =>
        (await QueryAsync("WHERE id = $id", cancellationToken, ("$id", id)).ConfigureAwait(false)).FirstOrDefault();

    /// <inheritdoc/>
    public async Task<TRecord?> FindByPeerAsync(ProcessRole role, string counterPartyId, string peerPid, CancellationToken cancellationToken) =>
        (await QueryAsync("WHERE role = $role AND counter_party_id = $cp AND peer_pid = $peer", cancellationToken,
            ("$role", role.ToString()), ("$cp", counterPartyId), ("$peer", peerPid)).ConfigureAwait(false)).FirstOrDefault();

    /// <inheritdoc/>
    public async Task<Page<TRecord>> ListAsync(PageRequest page, ProcessRole? role, TState? state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        const string Filter = "WHERE ($role IS NULL OR role = $role) AND ($state IS NULL OR state = $state)";
        (string, object?)[] filter = [("$role", role?.ToString()), ("$state", state is { } s ? Code(s) : null)];
        var items = await QueryAsync($"{Filter} ORDER BY created_at DESC, id LIMIT $l OFFSET $o", cancellationToken, [.. filter, ("$l", page.Limit), ("$o", page.Offset)]).ConfigureAwait(false);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var total = (long)(await connection.ScalarAsync($"SELECT COUNT(*) FROM {_table} {Filter}", cancellationToken, filter).ConfigureAwait(false))!;
        return new Page<TRecord>(items, total, page.Offset, page.Limit);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<TRecord>> InStateAsync(ProcessRole role, TState state, CancellationToken cancellationToken) =>
        await QueryAsync("WHERE role = $role AND state = $state ORDER BY created_at", cancellationToken, ("$role", role.ToString()), ("$state", Code(state))).ConfigureAwait(false);

    /// <inheritdoc/>
    public async Task<long> CountOpenAsync(ProcessRole role, string counterPartyId, IReadOnlyCollection<TState> finalStates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(finalStates);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        // peer_pid IS NOT NULL lets the partial (role, counter_party_id, peer_pid) index serve the count.
        return (long)(await connection.ScalarAsync(
            $"SELECT COUNT(*) FROM {_table} WHERE role = $role AND counter_party_id = $cp AND peer_pid IS NOT NULL AND state NOT IN (SELECT value FROM json_each($final))",
            cancellationToken, ("$role", role.ToString()), ("$cp", counterPartyId), ("$final", "[" + string.Join(',', finalStates.Select(Code)) + "]")).ConfigureAwait(false))!;
    }

    /// <summary>The stored number of a state.</summary>
    private protected static int Code(TState state) => Convert.ToInt32(state, CultureInfo.InvariantCulture);

    private async Task<List<TRecord>> QueryAsync(string where, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryAsync($"SELECT {_columns} FROM {_table} {where}", Map, cancellationToken, parameters).ConfigureAwait(false);
    }

    private async Task FinishAsync(SqliteConnection connection, SqliteTransaction transaction, string processId, ProcessEffects effects, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (effects.DiscardPending)
        {
            await connection.ExecuteAsync("DELETE FROM outbox WHERE process_id = $p", cancellationToken, ("$p", processId)).ConfigureAwait(false);
        }

        foreach (var type in effects.DiscardPendingTypes)
        {
            await connection.ExecuteAsync("DELETE FROM outbox WHERE process_id = $p AND message_type = $m", cancellationToken, ("$p", processId), ("$m", type)).ConfigureAwait(false);
        }

        if (effects.CompletedStep is { } done)
        {
            await connection.ExecuteAsync("DELETE FROM process_steps WHERE id = $id", cancellationToken, ("$id", done.Id)).ConfigureAwait(false);
        }

        if (effects.Agreement is { } agreement)
        {
            await SqliteAgreementStore.InsertAsync(connection, agreement, cancellationToken).ConfigureAwait(false);
        }

        var stored = new List<long>(effects.Messages.Count);
        var steps = new List<long>(effects.Steps.Count);
        try
        {
            foreach (var message in effects.Messages)
            {
                var id = await OutboxWriter.InsertAsync(connection, message, at, cancellationToken).ConfigureAwait(false);
                stored.Add(id);
                // Held before the commit makes the row visible, so the dispatcher can never see it unheld too early.
                _signal.HoldUntilAnswered(id);
            }

            foreach (var step in effects.Steps)
            {
                var id = await OutboxWriter.InsertStepAsync(connection, step, at, cancellationToken).ConfigureAwait(false);
                steps.Add(id);
                _signal.HoldStepUntilAnswered(id);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            stored.ForEach(_signal.Release);
            steps.ForEach(_signal.ReleaseStep);
            throw;
        }

        if (stored.Count + steps.Count > 0)
        {
            _signal.Notify();
        }
    }
}
