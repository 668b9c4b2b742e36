using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Dataspace.Cli.Identity.Registration;

/// <summary>
/// The registration centre's state: applications and DCP issuance requests, in SQLite (WAL) in the authority folder, so
/// the operator's commands work while <c>authority serve</c> runs.
/// </summary>
internal sealed partial class RegistrationStore
{
    public const string FileName = "registration.db";

    private readonly string _connectionString;
    private readonly TimeProvider _time;

    private RegistrationStore(string connectionString, TimeProvider time)
    {
        _connectionString = connectionString;
        _time = time;
    }

    /// <summary>Opens (creating if needed) the store in the authority folder.</summary>
    public static async Task<RegistrationStore> OpenAsync(string authorityFolder, TimeProvider time, CancellationToken cancellationToken)
    {
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(authorityFolder, FileName),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();
        var store = new RegistrationStore(connectionString, time);
        await using var connection = await store.ConnectAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS applications (
                id TEXT PRIMARY KEY, did TEXT NOT NULL, legal_name TEXT NOT NULL, id_scheme TEXT NOT NULL, id_value TEXT NOT NULL,
                contact_name TEXT NOT NULL, contact_email TEXT NOT NULL, subspaces TEXT NOT NULL, dsp_endpoint TEXT NOT NULL,
                status TEXT NOT NULL, reason TEXT, created_at INTEGER NOT NULL, decided_at INTEGER);
            CREATE INDEX IF NOT EXISTS applications_did ON applications (did, status);
            CREATE TABLE IF NOT EXISTS issuance_requests (
                issuer_pid TEXT PRIMARY KEY, holder_pid TEXT NOT NULL, did TEXT NOT NULL, credential_ids TEXT NOT NULL,
                status TEXT NOT NULL, reason TEXT, credentials TEXT NOT NULL DEFAULT '[]', attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at INTEGER NOT NULL, created_at INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS issuance_pending ON issuance_requests (status, next_attempt_at);
            """;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await EnsureProductsAsync(connection, cancellationToken).ConfigureAwait(false);
        return store;
    }

    private async Task<SqliteConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var pragma = connection.CreateCommand();
        // Another process (the operator's CLI next to serve) may hold the write lock for a moment.
        pragma.CommandText = "PRAGMA busy_timeout = 10000; PRAGMA synchronous = FULL;";
        await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    /// <summary>
    /// Stores a new pending application unless the DID already has one pending, approved or revoked: then that one is
    /// returned with <c>created</c> false. One write transaction, so two concurrent applications of a DID make one.
    /// </summary>
    public async Task<(MembershipApplication Application, bool Created)> AddApplicationAsync(MembershipApplication application, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        // BEGIN IMMEDIATE: the check and the insert hold the write lock together, across processes too.
        await using var transaction = connection.BeginTransaction(deferred: false);
        var existing = await QueryApplicationsAsync(connection, transaction, "WHERE did = $did AND status IN ('pending', 'approved', 'revoked') ORDER BY created_at LIMIT 1", c => c.Parameters.AddWithValue("$did", application.Did), cancellationToken).ConfigureAwait(false);
        if (existing.Count > 0)
        {
            return (existing[0], false);
        }

        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO applications (id, did, legal_name, id_scheme, id_value, contact_name, contact_email, subspaces, dsp_endpoint, status, reason, created_at, decided_at)
            VALUES ($id, $did, $name, $scheme, $value, $contact, $email, $subspaces, $endpoint, $status, $reason, $created, $decided)
            """;
        insert.Parameters.AddWithValue("$id", application.Id);
        insert.Parameters.AddWithValue("$did", application.Did);
        insert.Parameters.AddWithValue("$name", application.LegalName);
        insert.Parameters.AddWithValue("$scheme", application.RegistrationScheme);
        insert.Parameters.AddWithValue("$value", application.RegistrationValue);
        insert.Parameters.AddWithValue("$contact", application.ContactName);
        insert.Parameters.AddWithValue("$email", application.ContactEmail);
        insert.Parameters.AddWithValue("$subspaces", JsonSerializer.Serialize(application.Subspaces));
        insert.Parameters.AddWithValue("$endpoint", application.DspEndpoint);
        insert.Parameters.AddWithValue("$status", application.Status);
        insert.Parameters.AddWithValue("$reason", (object?)application.Reason ?? DBNull.Value);
        insert.Parameters.AddWithValue("$created", application.CreatedAt.ToUnixTimeMilliseconds());
        insert.Parameters.AddWithValue("$decided", application.DecidedAt is { } d ? d.ToUnixTimeMilliseconds() : DBNull.Value);
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (application, true);
    }

    public async Task<MembershipApplication?> GetApplicationAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        var found = await QueryApplicationsAsync(connection, null, "WHERE id = $id", c => c.Parameters.AddWithValue("$id", id), cancellationToken).ConfigureAwait(false);
        return found.Count > 0 ? found[0] : null;
    }

    /// <summary>Applications with the status (null: all), oldest first, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<MembershipApplication>> ListApplicationsAsync(string? status, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        return await QueryApplicationsAsync(
            connection,
            null,
            (status is null ? "" : "WHERE status = $status ") + "ORDER BY created_at, id LIMIT $limit",
            c =>
            {
                c.Parameters.AddWithValue("$status", (object?)status ?? DBNull.Value);
                c.Parameters.AddWithValue("$limit", limit);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The application of the DID that counts for membership (pending, approved or revoked), if any.</summary>
    public async Task<MembershipApplication?> FindMemberAsync(string did, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        var found = await QueryApplicationsAsync(connection, null, "WHERE did = $did AND status IN ('pending', 'approved', 'revoked') ORDER BY created_at LIMIT 1", c => c.Parameters.AddWithValue("$did", did), cancellationToken).ConfigureAwait(false);
        return found.Count > 0 ? found[0] : null;
    }

    /// <summary>Moves an application from one of <paramref name="from"/> to <paramref name="to"/>; the application after, or null when it is not in such a state.</summary>
    public async Task<MembershipApplication?> DecideAsync(string id, IReadOnlyList<string> from, string to, string? reason, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        await using var update = connection.CreateCommand();
        update.CommandText = $"UPDATE applications SET status = $to, reason = $reason, decided_at = $now WHERE id = $id AND status IN ({string.Join(", ", from.Select((_, i) => "$from" + i.ToString(CultureInfo.InvariantCulture)))})";
        update.Parameters.AddWithValue("$to", to);
        update.Parameters.AddWithValue("$reason", (object?)reason ?? DBNull.Value);
        update.Parameters.AddWithValue("$now", _time.GetUtcNow().ToUnixTimeMilliseconds());
        update.Parameters.AddWithValue("$id", id);
        for (var i = 0; i < from.Count; i++)
        {
            update.Parameters.AddWithValue("$from" + i.ToString(CultureInfo.InvariantCulture), from[i]);
        }

        if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            return null;
        }

        var found = await QueryApplicationsAsync(connection, null, "WHERE id = $id", c => c.Parameters.AddWithValue("$id", id), cancellationToken).ConfigureAwait(false);
        return found[0];
    }

    /// <summary>One page of the registry: approved and revoked members with a DID after <paramref name="afterDid"/>, by DID.</summary>
    public async Task<IReadOnlyList<MembershipApplication>> ListMembersAsync(string? afterDid, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        return await QueryApplicationsAsync(
            connection,
            null,
            "WHERE status IN ('approved', 'revoked') AND did > $after ORDER BY did LIMIT $limit",
            c =>
            {
                c.Parameters.AddWithValue("$after", afterDid ?? "");
                c.Parameters.AddWithValue("$limit", limit);
            },
            cancellationToken).ConfigureAwait(false);
    }

    private static async Task<List<MembershipApplication>> QueryApplicationsAsync(
        SqliteConnection connection, SqliteTransaction? transaction, string where, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT id, did, legal_name, id_scheme, id_value, contact_name, contact_email, subspaces, dsp_endpoint, status, reason, created_at, decided_at FROM applications " + where;
        bind(command);
        var list = new List<MembershipApplication>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new MembershipApplication
            {
                Id = reader.GetString(0),
                Did = reader.GetString(1),
                LegalName = reader.GetString(2),
                RegistrationScheme = reader.GetString(3),
                RegistrationValue = reader.GetString(4),
                ContactName = reader.GetString(5),
                ContactEmail = reader.GetString(6),
                Subspaces = JsonSerializer.Deserialize<string[]>(reader.GetString(7)) ?? [],
                DspEndpoint = reader.GetString(8),
                Status = reader.GetString(9),
                Reason = reader.IsDBNull(10) ? null : reader.GetString(10),
                CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(11)),
                DecidedAt = reader.IsDBNull(12) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(12)),
            });
        }

        return list;
    }
}
