using System.Data.Common;
using Dataspace.Connector.Storage;
using Dataspace.Connector.Storage.Internal;
using Microsoft.Data.Sqlite;

namespace Dataspace.Connector.Agreements;

/// <summary>Agreements in the embedded database; one per negotiation.</summary>
public sealed class AgreementStore
{
    private const string Columns = "id, negotiation_id, provider_id, consumer_id, asset_id, policy, signed_at";
    private readonly ConnectorDatabase _database;

    /// <summary>Creates the store.</summary>
    public AgreementStore(ConnectorDatabase database) => _database = database;

    /// <summary>Stores an agreement; a repeated one for the same negotiation returns the stored one.</summary>
    public async Task<ContractAgreementRecord> SaveAsync(ContractAgreementRecord agreement, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await connection.ExecuteAsync($"INSERT INTO agreements ({Columns}) VALUES ($id, $n, $p, $c, $a, $policy, $t)", cancellationToken,
                ("$id", agreement.Id), ("$n", agreement.NegotiationId), ("$p", agreement.ProviderId), ("$c", agreement.ConsumerId),
                ("$a", agreement.AssetId), ("$policy", agreement.Policy.ToJsonString()), ("$t", StoreJson.Timestamp(agreement.SignedAt))).ConfigureAwait(false);
            return agreement;
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19)
        {
            var existing = await connection.QueryAsync($"SELECT {Columns} FROM agreements WHERE negotiation_id = $n OR id = $id", Map, cancellationToken,
                ("$n", agreement.NegotiationId), ("$id", agreement.Id)).ConfigureAwait(false);
            return existing.FirstOrDefault() ?? throw new InvalidOperationException("agreement conflict", e);
        }
    }

    /// <summary>One agreement, or null.</summary>
    public async Task<ContractAgreementRecord?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return (await connection.QueryAsync($"SELECT {Columns} FROM agreements WHERE id = $id", Map, cancellationToken, ("$id", id)).ConfigureAwait(false)).FirstOrDefault();
    }

    /// <summary>A page of agreements, newest first, optionally of one asset.</summary>
    public async Task<Page<ContractAgreementRecord>> ListAsync(PageRequest page, string? assetId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        const string Filter = "WHERE ($asset IS NULL OR asset_id = $asset)";
        var items = await connection.QueryAsync($"SELECT {Columns} FROM agreements {Filter} ORDER BY signed_at DESC, id LIMIT $l OFFSET $o", Map, cancellationToken,
            ("$asset", assetId), ("$l", page.Limit), ("$o", page.Offset)).ConfigureAwait(false);
        var total = (long)(await connection.ScalarAsync($"SELECT COUNT(*) FROM agreements {Filter}", cancellationToken, ("$asset", assetId)).ConfigureAwait(false))!;
        return new Page<ContractAgreementRecord>(items, total, page.Offset, page.Limit);
    }

    private static ContractAgreementRecord Map(DbDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), StoreJson.ReadObject(r.GetString(5)), StoreJson.ReadTimestamp(r.GetString(6)));
}
