using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Dataspace.Connector.Storage;

/// <summary>The connector's own lasting facts: its generated participant id and its start history.</summary>
public sealed class ConnectorStateStore
{
    private const string ParticipantIdKey = "participant_id";
    private readonly ConnectorDatabase _database;
    private readonly TimeProvider _time;

    /// <summary>Creates the store.</summary>
    public ConnectorStateStore(ConnectorDatabase database, TimeProvider time)
    {
        _database = database;
        _time = time;
    }

    /// <summary>The participant id kept in the database, created from <paramref name="create"/> on first use.</summary>
    public async Task<string> GetOrCreateParticipantIdAsync(Func<string> create, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO connector_state (key, value) VALUES ($k, $v) ON CONFLICT (key) DO NOTHING";
        insert.Parameters.AddWithValue("$k", ParticipantIdKey);
        insert.Parameters.AddWithValue("$v", create());
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return (await ReadAsync(connection, ParticipantIdKey, cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>Records a start of the connector; returns how many starts the database has seen.</summary>
    public async Task<long> RecordStartAsync(string version, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO connector_starts (started_at, version) VALUES ($t, $v); SELECT COUNT(*) FROM connector_starts;";
        insert.Parameters.AddWithValue("$t", _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
        insert.Parameters.AddWithValue("$v", version);
        return (long)(await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private static async Task<string?> ReadAsync(SqliteConnection connection, string key, CancellationToken cancellationToken)
    {
        await using var select = connection.CreateCommand();
        select.CommandText = "SELECT value FROM connector_state WHERE key = $k";
        select.Parameters.AddWithValue("$k", key);
        return (string?)await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }
}
