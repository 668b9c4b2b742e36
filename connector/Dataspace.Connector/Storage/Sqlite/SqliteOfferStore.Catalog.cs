using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Dataspace.Sdk.Storage;

namespace Dataspace.Connector.Storage.Sqlite;

public sealed partial class SqliteOfferStore
{
    /// <inheritdoc/>
    public async IAsyncEnumerable<CatalogOffer> ReadCatalogAsync(CatalogOfferQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var sql = new StringBuilder("""
            SELECT o.id, o.asset_id, a.properties, ap.policy, cp.policy
            FROM offers o
            JOIN assets a ON a.id = o.asset_id
            JOIN policies ap ON ap.id = o.access_policy_id
            JOIN policies cp ON cp.id = o.contract_policy_id
            WHERE 1 = 1
            """);
        if (query.RequesterKeys is not null)
        {
            // Offers indexed under a key the requester holds, and offers whose keys were made by another analysis
            // ('<' or '>' rather than '<>', which SQLite answers by scanning every offer instead of the version index).
            sql.Append("""
                 AND o.id IN (
                    SELECT k.offer_id FROM offer_access_keys k WHERE k.key IN (SELECT value FROM json_each($keys))
                    UNION ALL SELECT s.id FROM offers s WHERE s.access_keys_version < $version OR s.access_keys_version > $version)
                """);
        }

        if (query.AssetId is not null)
        {
            sql.Append(" AND o.asset_id = $asset");
        }

        if (query.After is not null)
        {
            sql.Append(" AND o.asset_id > $after");
        }

        if (query.Before is not null)
        {
            sql.Append(" AND o.asset_id < $before");
        }

        sql.Append(query.Before is null ? " ORDER BY o.asset_id, o.id" : " ORDER BY o.asset_id DESC, o.id DESC");

        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql.ToString();
        command.Parameters.AddWithValue("$keys", query.RequesterKeys is null ? DBNull.Value : JsonSerializer.Serialize(query.RequesterKeys));
        command.Parameters.AddWithValue("$version", _analysis.Fingerprint);
        command.Parameters.AddWithValue("$asset", (object?)query.AssetId ?? DBNull.Value);
        command.Parameters.AddWithValue("$after", (object?)query.After ?? DBNull.Value);
        command.Parameters.AddWithValue("$before", (object?)query.Before ?? DBNull.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new CatalogOffer(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4));
        }
    }
}
