using System.Data.Common;
using Dataspace.Sdk.Storage;
using Microsoft.Data.Sqlite;

namespace Dataspace.Connector.Storage.Sqlite;

/// <summary>Agreements in the embedded database; one per negotiation, written with the negotiation's transition.</summary>
public sealed class SqliteAgreementStore : IAgreementStore
{
    private const string Columns = "id, negotiation_id, provider_id, consumer_id, asset_id, policy, signed_at";
    private readonly ConnectorDatabase _database;

    /// <summary>Creates the store.</summary>
    public SqliteAgreementStore(ConnectorDatabase database) => _database = database;

    /// <inheritdoc/>
    public async Task<ContractAgreementRecord?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return (await connection.QueryAsync($"SELECT {Columns} FROM agreements WHERE id = $id", Map, cancellationToken, ("$id", id)).ConfigureAwait(false)).FirstOrDefault();
    }

    /// <inheritdoc/>
    public async Task<Page<ContractAgreementRecord>> ListAsync(PageRequest page, string? assetId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        const string Filter = "WHERE ($asset IS NULL OR asset_id = $asset)";
        var items = await connection.QueryAsync($"SELECT {Columns} FROM agreements {Filter} ORDER BY signed_at DESC, id LIMIT $l OFFSET $o", Map, cancellationToken,
            ("$asset", assetId), ("$l", page.Limit), ("$o", page.Offset)).ConfigureAwait(false);
        var total = (long)(await connection.ScalarAsync($"SELECT COUNT(*) FROM agreements {Filter}", cancellationToken, ("$asset", assetId)).ConfigureAwait(false))!;
        return new Page<ContractAgreementRecord>(items, total, page.Offset, page.Limit);
    }

    /// <summary>Stores an agreement inside the caller's transaction; a second one for its id or negotiation fails it.</summary>
    internal static async Task InsertAsync(SqliteConnection connection, ContractAgreementRecord agreement, CancellationToken cancellationToken)
    {
        try
        {
            await connection.ExecuteAsync($"INSERT INTO agreements ({Columns}) VALUES ($id, $n, $p, $c, $a, $policy, $t)", cancellationToken,
                ("$id", agreement.Id), ("$n", agreement.NegotiationId), ("$p", agreement.ProviderId), ("$c", agreement.ConsumerId),
                ("$a", agreement.AssetId), ("$policy", agreement.Policy.ToJsonString()), ("$t", StoreJson.Timestamp(agreement.SignedAt))).ConfigureAwait(false);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19)
        {
            throw new InvalidOperationException($"the agreement '{agreement.Id}' of negotiation '{agreement.NegotiationId}' is not stored: an agreement with that id or for that negotiation exists already", e);
        }
    }

    private static ContractAgreementRecord Map(DbDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), StoreJson.ReadObject(r.GetString(5)), StoreJson.ReadTimestamp(r.GetString(6)));
}
