using Microsoft.Data.Sqlite;

namespace Dataspace.Cli.Identity.Registration;

internal sealed partial class RegistrationStore
{
    // Created on open like the other tables: a store made by an older version gains the table on its next open.
    private const string ProductsSchema = """
        CREATE TABLE IF NOT EXISTS data_products (
            number TEXT PRIMARY KEY, did TEXT NOT NULL, dataset_id TEXT NOT NULL, dsp_endpoint TEXT NOT NULL, owner TEXT NOT NULL,
            source TEXT NOT NULL, classification TEXT NOT NULL, update_frequency TEXT NOT NULL, legal_basis TEXT NOT NULL,
            status TEXT NOT NULL, credential TEXT NOT NULL, credential_id TEXT NOT NULL, registered_at INTEGER NOT NULL,
            valid_until INTEGER, reason TEXT);
        CREATE INDEX IF NOT EXISTS data_products_dataset ON data_products (did, dataset_id, status);
        """;

    private const string ProductColumns = "number, did, dataset_id, dsp_endpoint, owner, source, classification, update_frequency, legal_basis, status, credential, credential_id, registered_at, valid_until, reason";

    private static async Task EnsureProductsAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = ProductsSchema;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stores a registration; an earlier registered one of the same provider and dataset becomes superseded in the same
    /// transaction. Returns the credential ids of the superseded ones (to revoke).
    /// </summary>
    public async Task<IReadOnlyList<string>> AddProductAsync(ProductRegistration product, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var superseded = await QueryProductsAsync(connection, transaction, "WHERE did = $did AND dataset_id = $dataset AND status = 'registered'", c =>
        {
            c.Parameters.AddWithValue("$did", product.ProviderDid);
            c.Parameters.AddWithValue("$dataset", product.DatasetId);
        }, cancellationToken).ConfigureAwait(false);
        await using (var update = connection.CreateCommand())
        {
            update.Transaction = transaction;
            update.CommandText = "UPDATE data_products SET status = 'superseded', reason = $reason WHERE did = $did AND dataset_id = $dataset AND status = 'registered'";
            update.Parameters.AddWithValue("$reason", "superseded by " + product.Number);
            update.Parameters.AddWithValue("$did", product.ProviderDid);
            update.Parameters.AddWithValue("$dataset", product.DatasetId);
            await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"INSERT INTO data_products ({ProductColumns}) VALUES ($number, $did, $dataset, $dsp, $owner, $source, $classification, $frequency, $legal, $status, $credential, $credentialId, $at, $until, $reason)";
        insert.Parameters.AddWithValue("$number", product.Number);
        insert.Parameters.AddWithValue("$did", product.ProviderDid);
        insert.Parameters.AddWithValue("$dataset", product.DatasetId);
        insert.Parameters.AddWithValue("$dsp", product.DspEndpoint);
        insert.Parameters.AddWithValue("$owner", product.Owner);
        insert.Parameters.AddWithValue("$source", product.Source);
        insert.Parameters.AddWithValue("$classification", product.Classification);
        insert.Parameters.AddWithValue("$frequency", product.UpdateFrequency);
        insert.Parameters.AddWithValue("$legal", product.LegalBasis);
        insert.Parameters.AddWithValue("$status", product.Status);
        insert.Parameters.AddWithValue("$credential", product.Credential);
        insert.Parameters.AddWithValue("$credentialId", product.CredentialId);
        insert.Parameters.AddWithValue("$at", product.RegisteredAt.ToUnixTimeMilliseconds());
        insert.Parameters.AddWithValue("$until", product.ValidUntil is { } u ? u.ToUnixTimeMilliseconds() : DBNull.Value);
        insert.Parameters.AddWithValue("$reason", (object?)product.Reason ?? DBNull.Value);
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return [.. superseded.Select(p => p.CredentialId)];
    }

    public async Task<ProductRegistration?> GetProductAsync(string number, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        var found = await QueryProductsAsync(connection, null, "WHERE number = $number", c => c.Parameters.AddWithValue("$number", number), cancellationToken).ConfigureAwait(false);
        return found.Count > 0 ? found[0] : null;
    }

    /// <summary>Registrations with the status (null: all), of the provider (null: all), oldest first, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<ProductRegistration>> ListProductsAsync(string? status, string? providerDid, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        return await QueryProductsAsync(connection, null, "WHERE ($status IS NULL OR status = $status) AND ($did IS NULL OR did = $did) ORDER BY registered_at, number LIMIT $limit", c =>
        {
            c.Parameters.AddWithValue("$status", (object?)status ?? DBNull.Value);
            c.Parameters.AddWithValue("$did", (object?)providerDid ?? DBNull.Value);
            c.Parameters.AddWithValue("$limit", limit);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Marks a registered product revoked; the registration after, or null when it is not registered.</summary>
    public async Task<ProductRegistration?> RevokeProductAsync(string number, string reason, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        await using var update = connection.CreateCommand();
        update.CommandText = "UPDATE data_products SET status = 'revoked', reason = $reason WHERE number = $number AND status = 'registered'";
        update.Parameters.AddWithValue("$reason", reason);
        update.Parameters.AddWithValue("$number", number);
        if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            return null;
        }

        var found = await QueryProductsAsync(connection, null, "WHERE number = $number", c => c.Parameters.AddWithValue("$number", number), cancellationToken).ConfigureAwait(false);
        return found[0];
    }

    /// <summary>Marks every registered product of the DID revoked (its membership ended); how many.</summary>
    public async Task<int> RevokeProductsOfAsync(string did, string reason, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        await using var update = connection.CreateCommand();
        update.CommandText = "UPDATE data_products SET status = 'revoked', reason = $reason WHERE did = $did AND status = 'registered'";
        update.Parameters.AddWithValue("$reason", reason);
        update.Parameters.AddWithValue("$did", did);
        return await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<List<ProductRegistration>> QueryProductsAsync(
        SqliteConnection connection, SqliteTransaction? transaction, string where, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {ProductColumns} FROM data_products " + where;
        bind(command);
        var list = new List<ProductRegistration>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new ProductRegistration
            {
                Number = reader.GetString(0),
                ProviderDid = reader.GetString(1),
                DatasetId = reader.GetString(2),
                DspEndpoint = reader.GetString(3),
                Owner = reader.GetString(4),
                Source = reader.GetString(5),
                Classification = reader.GetString(6),
                UpdateFrequency = reader.GetString(7),
                LegalBasis = reader.GetString(8),
                Status = reader.GetString(9),
                Credential = reader.GetString(10),
                CredentialId = reader.GetString(11),
                RegisteredAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(12)),
                ValidUntil = reader.IsDBNull(13) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(13)),
                Reason = reader.IsDBNull(14) ? null : reader.GetString(14),
            });
        }

        return list;
    }
}
