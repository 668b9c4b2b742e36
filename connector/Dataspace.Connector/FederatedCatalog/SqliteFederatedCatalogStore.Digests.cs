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
            // No page digests: the part is no longer in the member's page order, so a later full crawl replaces it whole.
            return await CommitPartAsync(connection, transaction, member, digest, "", maxPerMember, maxTotal, at, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writer.Release();
        }
    }
}
