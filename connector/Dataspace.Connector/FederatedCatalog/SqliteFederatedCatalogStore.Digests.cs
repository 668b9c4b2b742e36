using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Dataspace.Connector.FederatedCatalog;

/// <summary>Dataset-level changes from a member's dataset digest manifest (docs/federated-catalog.md).</summary>
public sealed partial class SqliteFederatedCatalogStore
{
    /// <inheritdoc/>
    public async Task<IReadOnlyDictionary<string, string?>> GetDatasetDigestsAsync(string did, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT dataset_id, digest FROM fc_datasets WHERE member = $m";
        command.Parameters.AddWithValue("$m", did);
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result[reader.GetString(0)] = Text(reader, 1);
        }

        return result;
    }

    /// <inheritdoc/>
    public async Task<bool> ApplyDatasetChangesAsync(CatalogMember member, string digest, IReadOnlyCollection<string> removed, IReadOnlyList<FederatedDataset> upserted, int maxPerMember, int maxTotal, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(removed);
        ArgumentNullException.ThrowIfNull(upserted);
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (var delete = connection.CreateCommand())
            {
                delete.Transaction = transaction;
                delete.CommandText = "DELETE FROM fc_text WHERE rowid IN (SELECT id FROM fc_datasets WHERE member = $m AND dataset_id = $id); DELETE FROM fc_datasets WHERE member = $m AND dataset_id = $id;";
                delete.Parameters.AddWithValue("$m", member.Did);
                var id = delete.Parameters.Add("$id", SqliteType.Text);
                foreach (var datasetId in removed.Concat(upserted.Select(d => d.DatasetId)))
                {
                    id.Value = datasetId;
                    await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            await InsertAsync(connection, transaction, member.Did, upserted, upserted.Count, cancellationToken).ConfigureAwait(false);
            var own = Convert.ToInt32(await ScalarAsync(connection, transaction, "SELECT COUNT(*) FROM fc_datasets WHERE member = $m", cancellationToken, ("$m", member.Did)).ConfigureAwait(false), CultureInfo.InvariantCulture);
            var total = Convert.ToInt32(await ScalarAsync(connection, transaction, "SELECT COUNT(*) FROM fc_datasets", cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
            if (own > maxPerMember || total > maxTotal)
            {
                // Leaving the transaction uncommitted rolls it back: the member's part stays as it was.
                return false;
            }

            // No page digests: the part is no longer in the member's page order, so a later full crawl replaces it whole.
            await UpsertMemberAsync(connection, transaction, member, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction,
                "UPDATE fc_members SET digest = $digest, pages = '', datasets = $count, truncated = NULL, last_success = $at, last_attempt = $at, failures = 0, next_attempt = NULL, error = NULL WHERE did = $m",
                cancellationToken, ("$m", member.Did), ("$digest", digest), ("$count", own), ("$at", Format(at))).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        finally
        {
            _writer.Release();
        }
    }

    // Indexes created before datasets carried digests get the column; their rows have none and are fetched once.
    private static async Task AddDigestColumnAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var check = connection.CreateCommand();
        check.CommandText = "SELECT COUNT(*) FROM pragma_table_info('fc_datasets') WHERE name = 'digest'";
        if (Convert.ToInt32(await check.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) == 0)
        {
            await ExecuteAsync(connection, null, "ALTER TABLE fc_datasets ADD COLUMN digest TEXT", cancellationToken).ConfigureAwait(false);
        }
    }
}
