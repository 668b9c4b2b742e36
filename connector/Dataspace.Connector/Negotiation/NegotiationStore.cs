using System.Data.Common;
using Dataspace.Connector.Protocol;
using Dataspace.Connector.Storage;
using Dataspace.Connector.Storage.Internal;
using Microsoft.Data.Sqlite;

namespace Dataspace.Connector.Negotiation;

/// <summary>Negotiations in the embedded database; each change is stored together with the message announcing it.</summary>
public sealed class NegotiationStore
{
    private const string Columns = "id, role, peer_pid, state, counter_party_id, counter_party_address, offer_id, asset_id, offer, agreement_id, error, created_at, updated_at, claims";
    private readonly ConnectorDatabase _database;
    private readonly OutboxSignal _signal;

    /// <summary>Creates the store.</summary>
    public NegotiationStore(ConnectorDatabase database, OutboxSignal signal)
    {
        _database = database;
        _signal = signal;
    }

    /// <summary>Stores a new negotiation (and the message to send); returns the stored one, which is an existing one when the peer repeats its request.</summary>
    public async Task<(ContractNegotiationRecord Record, bool Created)> CreateAsync(ContractNegotiationRecord record, OutboxMessage? message, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await connection.ExecuteAsync(
                $"INSERT INTO negotiations ({Columns}) VALUES ($id, $role, $peer, $state, $cp, $cpa, $offer_id, $asset, $offer, $agreement, $error, $created, $updated, $claims)",
                cancellationToken, Parameters(record)).ConfigureAwait(false);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19 && record.PeerPid is not null)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            var existing = await FindByPeerAsync(record.Role, record.CounterPartyId, record.PeerPid, cancellationToken).ConfigureAwait(false);
            return (existing ?? throw new InvalidOperationException("negotiation id collision", e), false);
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
    /// Moves a negotiation from <paramref name="expected"/> to the state in <paramref name="updated"/>, storing
    /// <paramref name="message"/> in the same transaction; false when the negotiation changed meanwhile.
    /// </summary>
    public async Task<bool> TransitionAsync(ContractNegotiationRecord updated, NegotiationState expected, OutboxMessage? message, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var changed = await connection.ExecuteAsync(
            """
            UPDATE negotiations SET peer_pid = $peer, state = $state, offer = $offer, agreement_id = $agreement, error = $error, updated_at = $updated
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
        await connection.ExecuteAsync("UPDATE negotiations SET peer_pid = $peer WHERE id = $id AND peer_pid IS NULL", cancellationToken, ("$id", id), ("$peer", peerPid)).ConfigureAwait(false);
    }

    /// <summary>One negotiation by our id, or null.</summary>
    public async Task<ContractNegotiationRecord?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return (await connection.QueryAsync($"SELECT {Columns} FROM negotiations WHERE id = $id", Map, cancellationToken, ("$id", id)).ConfigureAwait(false)).FirstOrDefault();
    }

    /// <summary>A negotiation by the counter-party's process id.</summary>
    public async Task<ContractNegotiationRecord?> FindByPeerAsync(ProcessRole role, string counterPartyId, string peerPid, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return (await connection.QueryAsync($"SELECT {Columns} FROM negotiations WHERE role = $role AND counter_party_id = $cp AND peer_pid = $peer", Map, cancellationToken,
            ("$role", role.ToString()), ("$cp", counterPartyId), ("$peer", peerPid)).ConfigureAwait(false)).FirstOrDefault();
    }

    /// <summary>A page of negotiations, newest first, optionally filtered by role and state.</summary>
    public async Task<Page<ContractNegotiationRecord>> ListAsync(PageRequest page, ProcessRole? role, NegotiationState? state, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        const string Filter = "WHERE ($role IS NULL OR role = $role) AND ($state IS NULL OR state = $state)";
        (string, object?)[] filter = [("$role", role?.ToString()), ("$state", (int?)state)];
        var items = await connection.QueryAsync($"SELECT {Columns} FROM negotiations {Filter} ORDER BY created_at DESC, id LIMIT $l OFFSET $o", Map, cancellationToken,
            [.. filter, ("$l", page.Limit), ("$o", page.Offset)]).ConfigureAwait(false);
        var total = (long)(await connection.ScalarAsync($"SELECT COUNT(*) FROM negotiations {Filter}", cancellationToken, filter).ConfigureAwait(false))!;
        return new Page<ContractNegotiationRecord>(items, total, page.Offset, page.Limit);
    }

    /// <summary>Every negotiation of one role in one state (work left over from before a restart).</summary>
    public async Task<List<ContractNegotiationRecord>> InStateAsync(ProcessRole role, NegotiationState state, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryAsync($"SELECT {Columns} FROM negotiations WHERE role = $role AND state = $state ORDER BY created_at", Map, cancellationToken,
            ("$role", role.ToString()), ("$state", (int)state)).ConfigureAwait(false);
    }

    private static (string, object?)[] Parameters(ContractNegotiationRecord r) =>
    [
        ("$id", r.Id), ("$role", r.Role.ToString()), ("$peer", r.PeerPid), ("$state", (int)r.State), ("$cp", r.CounterPartyId),
        ("$cpa", r.CounterPartyAddress), ("$offer_id", r.OfferId), ("$asset", r.AssetId), ("$offer", r.Offer.ToJsonString()),
        ("$agreement", r.AgreementId), ("$error", r.Error), ("$created", StoreJson.Timestamp(r.CreatedAt)), ("$updated", StoreJson.Timestamp(r.UpdatedAt)), ("$claims", r.CounterPartyClaims),
    ];

    private static ContractNegotiationRecord Map(DbDataReader r) => new()
    {
        Id = r.GetString(0),
        Role = Enum.Parse<ProcessRole>(r.GetString(1)),
        PeerPid = r.NullableString(2),
        State = (NegotiationState)r.GetInt32(3),
        CounterPartyId = r.GetString(4),
        CounterPartyAddress = r.GetString(5),
        OfferId = r.GetString(6),
        AssetId = r.GetString(7),
        Offer = StoreJson.ReadObject(r.GetString(8)),
        AgreementId = r.NullableString(9),
        Error = r.NullableString(10),
        CreatedAt = StoreJson.ReadTimestamp(r.GetString(11)),
        UpdatedAt = StoreJson.ReadTimestamp(r.GetString(12)),
        CounterPartyClaims = r.NullableString(13),
    };
}
