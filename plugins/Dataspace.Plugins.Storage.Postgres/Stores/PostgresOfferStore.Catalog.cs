using System.Runtime.CompilerServices;
using System.Text;
using Dataspace.Sdk.Storage;
using Npgsql;

namespace Dataspace.Plugins.Storage.Postgres.Stores;

internal sealed partial class PostgresOfferStore
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
            WHERE true
            """);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand { Connection = connection };
        if (query.RequesterKeys is not null)
        {
            // Offers indexed under a key the requester holds, and offers whose keys were made by another analysis.
            sql.Append("""
                 AND (o.access_keys_version <> @version
                   OR EXISTS (SELECT 1 FROM offer_access_keys k WHERE k.offer_id = o.id AND k.key = ANY(@keys)))
                """);
            command.Parameters.Add(new NpgsqlParameter("keys", query.RequesterKeys.ToArray()));
            command.Parameters.Add(new NpgsqlParameter("version", _analysis.Fingerprint));
        }

        if (query.AssetId is not null)
        {
            sql.Append(" AND o.asset_id = @asset");
            command.Parameters.Add(new NpgsqlParameter("asset", query.AssetId));
        }

        if (query.After is not null)
        {
            sql.Append(" AND o.asset_id > @after");
            command.Parameters.Add(new NpgsqlParameter("after", query.After));
        }

        if (query.Before is not null)
        {
            sql.Append(" AND o.asset_id < @before");
            command.Parameters.Add(new NpgsqlParameter("before", query.Before));
        }

        sql.Append(query.Before is null ? " ORDER BY o.asset_id, o.id" : " ORDER BY o.asset_id DESC, o.id DESC");
        command.CommandText = sql.ToString();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new CatalogOffer(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4));
        }
    }
}
