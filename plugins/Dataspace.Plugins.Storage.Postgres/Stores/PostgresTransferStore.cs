using System.Data.Common;
using Dataspace.Plugins.Storage.Postgres.Internal;
using Dataspace.Sdk.Storage;

namespace Dataspace.Plugins.Storage.Postgres.Stores;

/// <summary>Transfer processes in PostgreSQL; each change is stored together with its effects.</summary>
internal sealed class PostgresTransferStore : PostgresProcessStore<TransferProcessRecord, TransferState>, ITransferStore
{
    private const string Columns = "id, role, peer_pid, state, agreement_id, asset_id, transfer_type, counter_party_id, counter_party_address, data_address, error, created_at, updated_at";

    public PostgresTransferStore(PostgresDatabase database, PostgresOutbox outbox)
        : base(database, outbox, "transfers", Columns,
            "@id, @role, @peer, @state, @agreement, @asset, @type, @cp, @cpa, @address, @error, @created, @updated",
            "peer_pid = @peer, state = @state, data_address = @address, error = @error, updated_at = @updated")
    {
    }

    private protected override ProcessKey KeyOf(TransferProcessRecord record) => new(record.Id, record.Role, record.CounterPartyId, record.PeerPid, record.UpdatedAt);

    private protected override (string Name, object? Value)[] Parameters(TransferProcessRecord r) =>
    [
        ("id", r.Id), ("role", r.Role.ToString()), ("peer", r.PeerPid), ("state", (int)r.State), ("agreement", r.AgreementId),
        ("asset", r.AssetId), ("type", r.TransferType), ("cp", r.CounterPartyId), ("cpa", r.CounterPartyAddress),
        ("address", r.DataAddress is null ? null : PostgresJson.Write(r.DataAddress)), ("error", r.Error),
        ("created", NpgsqlCommands.Utc(r.CreatedAt)), ("updated", NpgsqlCommands.Utc(r.UpdatedAt)),
    ];

    private protected override TransferProcessRecord Map(DbDataReader r) => new()
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
        DataAddress = r.NullableString(9) is { } address ? PostgresJson.ReadAddress(address) : null,
        Error = r.NullableString(10),
        CreatedAt = r.Timestamp(11),
        UpdatedAt = r.Timestamp(12),
    };
}
