using Dataspace.Sdk.Storage;

namespace Dataspace.Connector.Storage.Sqlite;

/// <summary>The connector's own lasting facts in the embedded database: its generated participant id and its start history.</summary>
public sealed class SqliteConnectorStateStore : IConnectorStateStore
{
    private const string ParticipantIdKey = "participant_id";
    private readonly ConnectorDatabase _database;

    /// <summary>Creates the store.</summary>
    public SqliteConnectorStateStore(ConnectorDatabase database) => _database = database;

    /// <inheritdoc/>
    public async Task<string> GetOrCreateParticipantIdAsync(string candidate, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(candidate);
        using var turn = await _database.WaitToWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("INSERT INTO connector_state (key, value) VALUES ($k, $v) ON CONFLICT (key) DO NOTHING", cancellationToken,
            ("$k", ParticipantIdKey), ("$v", candidate)).ConfigureAwait(false);
        return (string)(await connection.ScalarAsync("SELECT value FROM connector_state WHERE key = $k", cancellationToken, ("$k", ParticipantIdKey)).ConfigureAwait(false))!;
    }

    /// <inheritdoc/>
    public async Task<long> RecordStartAsync(string version, DateTimeOffset at, CancellationToken cancellationToken)
    {
        using var turn = await _database.WaitToWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return (long)(await connection.ScalarAsync("INSERT INTO connector_starts (started_at, version) VALUES ($t, $v); SELECT COUNT(*) FROM connector_starts;", cancellationToken,
            ("$t", StoreJson.Timestamp(at)), ("$v", version)).ConfigureAwait(false))!;
    }
}
