using System.Data.Common;
using Dataspace.Plugins.Storage.Postgres.Internal;
using Dataspace.Sdk.Storage;
using Npgsql;

namespace Dataspace.Plugins.Storage.Postgres.Stores;

/// <summary>Agreements in PostgreSQL; one per negotiation, written with the negotiation's transition.</summary>
internal sealed class PostgresAgreementStore : IAgreementStore
{
    private const string Columns = "id, negotiation_id, provider_id, consumer_id, asset_id, policy, signed_at";
    private readonly PostgresDatabase _database;

    public PostgresAgreementStore(PostgresDatabase database) => _database = database;

    /// <inheritdoc/>
    public async Task<ContractAgreementRecord?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return (await connection.QueryAsync($"SELECT {Columns} FROM agreements WHERE id = @id", Map, cancellationToken, ("id", id)).ConfigureAwait(false)).FirstOrDefault();
    }

    /// <inheritdoc/>
    public async Task<Page<ContractAgreementRecord>> ListAsync(PageRequest page, string? assetId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        const string Filter = "WHERE (@asset::text IS NULL OR asset_id = @asset::text)";
        var items = await connection.QueryAsync($"SELECT {Columns} FROM agreements {Filter} ORDER BY signed_at DESC, id LIMIT @l OFFSET @o", Map, cancellationToken,
            ("asset", assetId), ("l", page.Limit), ("o", page.Offset)).ConfigureAwait(false);
        var total = (long)(await connection.ScalarAsync($"SELECT count(*) FROM agreements {Filter}", cancellationToken, ("asset", assetId)).ConfigureAwait(false))!;
        return new Page<ContractAgreementRecord>(items, total, page.Offset, page.Limit);
    }

    /// <summary>Stores an agreement inside the caller's transaction; a second one for its id or negotiation fails it.</summary>
    internal static async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ContractAgreementRecord agreement, CancellationToken cancellationToken)
    {
        // ON CONFLICT keeps the transaction usable, so the caller's rollback and error are clean.
        var inserted = await connection.ExecuteAsync(transaction, $"INSERT INTO agreements ({Columns}) VALUES (@id, @n, @p, @c, @a, @policy, @t) ON CONFLICT DO NOTHING", cancellationToken,
            ("id", agreement.Id), ("n", agreement.NegotiationId), ("p", agreement.ProviderId), ("c", agreement.ConsumerId),
            ("a", agreement.AssetId), ("policy", agreement.Policy.ToJsonString()), ("t", NpgsqlCommands.Utc(agreement.SignedAt))).ConfigureAwait(false);
        if (inserted != 1)
        {
            throw new InvalidOperationException($"the agreement '{agreement.Id}' of negotiation '{agreement.NegotiationId}' is not stored: an agreement with that id or for that negotiation exists already");
        }
    }

    private static ContractAgreementRecord Map(DbDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), PostgresJson.ReadObject(r.GetString(5)), r.Timestamp(6));
}
