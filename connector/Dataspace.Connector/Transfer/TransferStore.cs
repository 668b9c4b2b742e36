using System.Data.Common;
using Dataspace.Connector.Protocol;
using Dataspace.Connector.Storage;
using Dataspace.Connector.Storage.Internal;
using Microsoft.Data.Sqlite;

namespace Dataspace.Connector.Transfer;

/// <summary>Transfer processes in the embedded database; each change is stored together with the message announcing it.</summary>
public sealed class TransferStore
{
    private const string Columns = "id, role, peer_pid, state, agreement_id, asset_id, transfer_type, counter_party_id, counter_party_address, data_address, error, created_at, updated_at";
    private readonly ConnectorDatabase _database;
    private readonly OutboxSignal _signal;

    /// <summary>Creates the store.</summary>
    public TransferStore(ConnectorDatabase database, OutboxSignal signal)
    {
        _database = database;
        _signal = signal;
    }

    /// <summary>Stores a new transfer (and the message to send); returns the stored one, which is an existing one when the peer repeats its request.</summary>
    public async Task<(TransferProcessRecord Record, bool Created)> CreateAsync(TransferProcessRecord record, OutboxMessage? message, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await connection.ExecuteAsync(
                $"INSERT INTO transfers ({Columns}) VALUES ($id, $role, $peer, $state, $agreement, $asset, $type, $cp, $cpa, $address, $error, $created, $updated)",
                cancellationToken, Parameters(record)).ConfigureAwait(false);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19 && record.PeerPid is not null)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            var existing = await FindByPeerAsync(record.Role, record.CounterPartyId, record.PeerPid, cancellationToken).ConfigureAwait(false);
            return (existing ?? throw new InvalidOperationException("transfer id collision", e), false);
        }

        if (message is not null)
        {
            await OutboxWriter.InsertAsync(connection, message, record.UpdatedAt, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (message is not null)
        {
            _signal.Notify();
        }

        return (record, true);
    }

    /// <summary>
    /// Moves a transfer from <paramref name="expected"/> to the state in <paramref name="updated"/>, storing
    /// <paramref name="message"/> in the same transaction; false when the transfer changed meanwhile.
    /// </summary>
    public async Task<bool> TransitionAsync(TransferProcessRecord updated, TransferState expected, OutboxMessage? message, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var changed = await connection.ExecuteAsync(
            """
            UPDATE transfers SET peer_pid = $peer, state = $state, data_address = $address, error = $error, updated_at = $updated
            WHERE id = $id AND state = $expected
            """,
            cancellationToken, [.. Parameters(updated), ("$expected", (int)expected)]).ConfigureAwait(false);
        if (changed != 1)
        {
            return false;
        }

        if (message is not null)
        {
            await OutboxWriter.InsertAsync(connection, message, updated.UpdatedAt, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (message is not null)
        {
            _signal.Notify();
        }

        return true;
    }

    /// <summary>Records the peer's process id learnt from its answer, if not known yet.</summary>
    public async Task SetPeerPidAsync(string id, string peerPid, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("UPDATE transfers SET peer_pid = $peer WHERE id = $id AND peer_pid IS NULL", cancellationToken, ("$id", id), ("$peer", peerPid)).ConfigureAwait(false);
    }

    /// <summary>One transfer by our id, or null.</summary>
    public async Task<TransferProcessRecord?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return (await connection.QueryAsync($"SELECT {Columns} FROM transfers WHERE id = $id", Map, cancellationToken, ("$id", id)).ConfigureAwait(false)).FirstOrDefault();
    }

    /// <summary>A transfer by the counter-party's process id.</summary>
    public async Task<TransferProcessRecord?> FindByPeerAsync(ProcessRole role, string counterPartyId, string peerPid, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return (await connection.QueryAsync($"SELECT {Columns} FROM transfers WHERE role = $role AND counter_party_id = $cp AND peer_pid = $peer", Map, cancellationToken,
            ("$role", role.ToString()), ("$cp", counterPartyId), ("$peer", peerPid)).ConfigureAwait(false)).FirstOrDefault();
    }

    /// <summary>A page of transfers, newest first, optionally filtered by role and state.</summary>
    public async Task<Page<TransferProcessRecord>> ListAsync(PageRequest page, ProcessRole? role, TransferState? state, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        const string Filter = "WHERE ($role IS NULL OR role = $role) AND ($state IS NULL OR state = $state)";
        (string, object?)[] filter = [("$role", role?.ToString()), ("$state", (int?)state)];
        var items = await connection.QueryAsync($"SELECT {Columns} FROM transfers {Filter} ORDER BY created_at DESC, id LIMIT $l OFFSET $o", Map, cancellationToken,
            [.. filter, ("$l", page.Limit), ("$o", page.Offset)]).ConfigureAwait(false);
        var total = (long)(await connection.ScalarAsync($"SELECT COUNT(*) FROM transfers {Filter}", cancellationToken, filter).ConfigureAwait(false))!;
        return new Page<TransferProcessRecord>(items, total, page.Offset, page.Limit);
    }

    /// <summary>Every transfer of one role in one state (work left over from before a restart).</summary>
    public async Task<List<TransferProcessRecord>> InStateAsync(ProcessRole role, TransferState state, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryAsync($"SELECT {Columns} FROM transfers WHERE role = $role AND state = $state ORDER BY created_at", Map, cancellationToken,
            ("$role", role.ToString()), ("$state", (int)state)).ConfigureAwait(false);
    }

    private static (string, object?)[] Parameters(TransferProcessRecord r) =>
    [
        ("$id", r.Id), ("$role", r.Role.ToString()), ("$peer", r.PeerPid), ("$state", (int)r.State), ("$agreement", r.AgreementId),
        ("$asset", r.AssetId), ("$type", r.TransferType), ("$cp", r.CounterPartyId), ("$cpa", r.CounterPartyAddress),
        ("$address", r.DataAddress is null ? null : StoreJson.Write(r.DataAddress)), ("$error", r.Error),
        ("$created", StoreJson.Timestamp(r.CreatedAt)), ("$updated", StoreJson.Timestamp(r.UpdatedAt)),
    ];

    private static TransferProcessRecord Map(DbDataReader r) => new()
    {
        Id = r.GetString(0),
        Role = Enum.Parse<ProcessRole>(r.GetString(1)),
        PeerPid = r.NullableString(2),
        State = (TransferState)r.GetInt32(3),
        AgreementId = r.GetString(4),
        AssetId = r.GetString(5),
        TransferType = r.GetString(6),
        CounterPartyId = r.GetString(7),
        CounterPartyAddress = r.GetString(8),
        DataAddress = r.NullableString(9) is { } address ? StoreJson.ReadAddress(address) : null,
        Error = r.NullableString(10),
        CreatedAt = StoreJson.ReadTimestamp(r.GetString(11)),
        UpdatedAt = StoreJson.ReadTimestamp(r.GetString(12)),
    };
}
