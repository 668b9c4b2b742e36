using System.Data.Common;
using Dataspace.Plugins.Storage.Postgres.Internal;
using Dataspace.Sdk.Storage;

namespace Dataspace.Plugins.Storage.Postgres.Stores;

/// <summary>Negotiations in PostgreSQL; each change is stored together with its effects.</summary>
internal sealed class PostgresNegotiationStore : PostgresProcessStore<ContractNegotiationRecord, NegotiationState>, INegotiationStore
{
    private const string Columns = "id, role, peer_pid, state, counter_party_id, counter_party_address, offer_id, asset_id, offer, agreement_id, error, created_at, updated_at, claims";

    public PostgresNegotiationStore(PostgresDatabase database, PostgresOutbox outbox)
        : base(database, outbox, "negotiations", Columns,
            "@id, @role, @peer, @state, @cp, @cpa, @offer_id, @asset, @offer, @agreement, @error, @created, @updated, @claims",
            "peer_pid = @peer, state = @state, offer = @offer, agreement_id = @agreement, error = @error, updated_at = @updated")
    {
    }

    private protected override ProcessKey KeyOf(ContractNegotiationRecord record) => new(record.Id, record.Role, record.CounterPartyId, record.PeerPid, record.UpdatedAt);

    private protected override (string Name, object? Value)[] Parameters(ContractNegotiationRecord r) =>
    [
        ("id", r.Id), ("role", r.Role.ToString()), ("peer", r.PeerPid), ("state", (int)r.State), ("cp", r.CounterPartyId),
        ("cpa", r.CounterPartyAddress), ("offer_id", r.OfferId), ("asset", r.AssetId), ("offer", r.Offer.ToJsonString()),
        ("agreement", r.AgreementId), ("error", r.Error), ("created", NpgsqlCommands.Utc(r.CreatedAt)), ("updated", NpgsqlCommands.Utc(r.UpdatedAt)),
        ("claims", r.CounterPartyClaims),
    ];

    private protected override ContractNegotiationRecord Map(DbDataReader r) => new()
    {
        Id = r.GetString(0),
        Role = Enum.Parse<ProcessRole>(r.GetString(1)),
        PeerPid = r.NullableString(2),
        State = (NegotiationState)r.GetInt32(3),
        CounterPartyId = r.GetString(4),
        CounterPartyAddress = r.GetString(5),
        OfferId = r.GetString(6),
        AssetId = r.GetString(7),
        Offer = PostgresJson.ReadObject(r.GetString(8)),
        AgreementId = r.NullableString(9),
        Error = r.NullableString(10),
        CreatedAt = r.Timestamp(11),
        UpdatedAt = r.Timestamp(12),
        CounterPartyClaims = r.NullableString(13),
    };
}
