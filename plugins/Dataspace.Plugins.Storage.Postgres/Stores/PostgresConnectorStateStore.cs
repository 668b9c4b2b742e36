using Dataspace.Plugins.Storage.Postgres.Internal;
using Dataspace.Sdk.Storage;

namespace Dataspace.Plugins.Storage.Postgres.Stores;

/// <summary>The connector's own lasting facts: its participant id (the first instance's candidate wins) and its start history.</summary>
internal sealed class PostgresConnectorStateStore : IConnectorStateStore
{
    private const string ParticipantIdKey = "participant_id";
    private readonly PostgresDatabase _database;

    public PostgresConnectorStateStore(PostgresDatabase database) => _database = database;

    /// <inheritdoc/>
    public async Task<string> GetOrCreateParticipantIdAsync(string candidate, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(candidate);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("INSERT INTO connector_state (key, value) VALUES (@k, @v) ON CONFLICT (key) DO NOTHING", cancellationToken,
            ("k", ParticipantIdKey), ("v", candidate)).ConfigureAwait(false);
        return (string)(await connection.ScalarAsync("SELECT value FROM connector_state WHERE key = @k", cancellationToken, ("k", ParticipantIdKey)).ConfigureAwait(false))!;
    }

    /// <inheritdoc/>
    public async Task<long> RecordStartAsync(string version, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(transaction, "INSERT INTO connector_starts (started_at, version) VALUES (@t, @v)", cancellationToken,
            ("t", NpgsqlCommands.Utc(at)), ("v", version)).ConfigureAwait(false);
        var count = (long)(await connection.ScalarAsync(transaction, "SELECT count(*) FROM connector_starts", cancellationToken).ConfigureAwait(false))!;
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return count;
    }
}
