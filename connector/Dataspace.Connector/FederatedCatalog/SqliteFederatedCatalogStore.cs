using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Dataspace.Sdk.Storage;
using Microsoft.Data.Sqlite;

namespace Dataspace.Connector.FederatedCatalog;

/// <summary>
/// The search index in its own SQLite database (FTS5 over titles, descriptions and keywords; filters on plain columns).
/// A member's part is replaced in one transaction and searches read in WAL mode, so a search sees either the old part
/// or the new one. The index can always be rebuilt by crawling, so commits are not synced to disk one by one.
/// </summary>
public sealed partial class SqliteFederatedCatalogStore : IFederatedCatalogStore, IDisposable
{
    // Multi-valued columns hold their values between separators, so a filter is one instr() on the column.
    private const char Separator = '\u001f';

    private const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS fc_members (
            did TEXT PRIMARY KEY, name TEXT NOT NULL, dsp_endpoint TEXT NOT NULL, subspaces TEXT NOT NULL,
            digest TEXT, datasets INTEGER NOT NULL DEFAULT 0, truncated TEXT, last_success TEXT, last_attempt TEXT,
            failures INTEGER NOT NULL DEFAULT 0, next_attempt TEXT, error TEXT, pages TEXT NOT NULL DEFAULT '');
        CREATE TABLE IF NOT EXISTS fc_datasets (
            id INTEGER PRIMARY KEY, member TEXT NOT NULL, page INTEGER NOT NULL DEFAULT 0, dataset_id TEXT NOT NULL, title TEXT, description TEXT,
            keywords TEXT NOT NULL, classification TEXT, media_types TEXT NOT NULL, transfer_types TEXT NOT NULL,
            features TEXT NOT NULL, offers TEXT NOT NULL, properties TEXT NOT NULL, digest TEXT);
        CREATE INDEX IF NOT EXISTS fc_datasets_member ON fc_datasets (member, page);
        CREATE INDEX IF NOT EXISTS fc_datasets_member_id ON fc_datasets (member, dataset_id);
        CREATE VIRTUAL TABLE IF NOT EXISTS fc_text USING fts5 (title, description, keywords, tokenize = 'unicode61 remove_diacritics 2');
        """;

    private const string Columns = "d.id, d.member, m.name, m.dsp_endpoint, m.subspaces, d.dataset_id, d.title, d.description, d.keywords, d.classification, d.media_types, d.transfer_types, d.features, d.offers, d.properties, m.last_success, d.registered, d.registration_number";

    private static readonly string[] DatasetParameters = ["$m", "$page", "$id", "$title", "$description", "$keywords", "$classification", "$media", "$transfer", "$features", "$offers", "$properties", "$record", "$registered", "$number", "$digest"];

    private readonly string _connectionString;
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly SemaphoreSlim _init = new(1, 1);
    private volatile bool _ready;

    /// <summary>Creates the store for the database file <paramref name="path"/> (created on first use, owner-only).</summary>
    public SqliteFederatedCatalogStore(string path)
    {
        FilePath = path;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            DefaultTimeout = 30,
            Pooling = true,
        }.ToString();
    }

    /// <summary>The database file.</summary>
    public string FilePath { get; }

    /// <inheritdoc/>
    public async Task<IReadOnlyDictionary<string, MemberCrawlState>> GetMembersAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT did, name, dsp_endpoint, subspaces, digest, datasets, truncated, last_success, last_attempt, failures, next_attempt, error, pages FROM fc_members";
        var result = new Dictionary<string, MemberCrawlState>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var state = new MemberCrawlState(reader.GetString(0), reader.GetString(1), reader.GetString(2), Split(reader.GetString(3)),
                Text(reader, 4), reader.GetInt32(5), Text(reader, 6), Time(reader, 7), Time(reader, 8), reader.GetInt32(9), Time(reader, 10), Text(reader, 11),
                reader.GetString(12).Split(',', StringSplitOptions.RemoveEmptyEntries));
            result[state.Did] = state;
        }

        return result;
    }

    /// <inheritdoc/>
    public async Task<(int Stored, string? Truncated)> ReplaceAsync(CatalogMember member, string digest, IReadOnlyList<string> pageDigests, IReadOnlyList<FederatedDataset> datasets, string? truncated, int maxTotal, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var others = Convert.ToInt32(await ScalarAsync(connection, transaction, "SELECT COUNT(*) FROM fc_datasets WHERE member <> $m", cancellationToken, ("$m", member.Did)).ConfigureAwait(false), CultureInfo.InvariantCulture);
            var room = Math.Max(0, maxTotal - others);
            var keep = datasets.Count;
            if (keep > room)
            {
                keep = room;
                truncated = $"the index holds at most {maxTotal} datasets over all members ({FederatedCatalogOptions.Section}:MaxDatasetsTotal); {room} of this member's {datasets.Count} fit";
            }

            await ExecuteAsync(connection, transaction, "DELETE FROM fc_text WHERE rowid IN (SELECT id FROM fc_datasets WHERE member = $m); DELETE FROM fc_datasets WHERE member = $m;", cancellationToken, ("$m", member.Did)).ConfigureAwait(false);
            await InsertAsync(connection, transaction, member.Did, datasets, keep, cancellationToken).ConfigureAwait(false);
            await UpsertMemberAsync(connection, transaction, member, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction,
                "UPDATE fc_members SET digest = $digest, pages = $pages, datasets = $count, truncated = $truncated, last_success = $at, last_attempt = $at, failures = 0, next_attempt = NULL, error = NULL WHERE did = $m",
                cancellationToken, ("$m", member.Did), ("$digest", digest), ("$pages", string.Join(',', pageDigests)), ("$count", keep), ("$truncated", truncated), ("$at", Format(at))).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return (keep, truncated);
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <inheritdoc/>
    public async Task<bool> ReplacePagesAsync(CatalogMember member, string digest, IReadOnlyList<string> pageDigests, IReadOnlyDictionary<int, List<FederatedDataset>> pages, int maxPerMember, int maxTotal, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            foreach (var (page, datasets) in pages)
            {
                await ExecuteAsync(connection, transaction,
                    "DELETE FROM fc_text WHERE rowid IN (SELECT id FROM fc_datasets WHERE member = $m AND page = $p); DELETE FROM fc_datasets WHERE member = $m AND page = $p;",
                    cancellationToken, ("$m", member.Did), ("$p", page)).ConfigureAwait(false);
                await InsertAsync(connection, transaction, member.Did, datasets, datasets.Count, cancellationToken).ConfigureAwait(false);
            }

            return await CommitPartAsync(connection, transaction, member, digest, string.Join(',', pageDigests), maxPerMember, maxTotal, at, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writer.Release();
        }
    }

    // Ends a change to part of a member's datasets: committed with the member's new digest and page digests when the
    // limits hold; otherwise left uncommitted, which rolls it back, so the member's part stays as it was.
    private static async Task<bool> CommitPartAsync(SqliteConnection connection, SqliteTransaction transaction, CatalogMember member, string digest, string pages,
        int maxPerMember, int maxTotal, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var own = Convert.ToInt32(await ScalarAsync(connection, transaction, "SELECT COUNT(*) FROM fc_datasets WHERE member = $m", cancellationToken, ("$m", member.Did)).ConfigureAwait(false), CultureInfo.InvariantCulture);
        var total = Convert.ToInt32(await ScalarAsync(connection, transaction, "SELECT COUNT(*) FROM fc_datasets", cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        if (own > maxPerMember || total > maxTotal)
        {
            return false;
        }

        await UpsertMemberAsync(connection, transaction, member, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction,
            "UPDATE fc_members SET digest = $digest, pages = $pages, datasets = $count, truncated = NULL, last_success = $at, last_attempt = $at, failures = 0, next_attempt = NULL, error = NULL WHERE did = $m",
            cancellationToken, ("$m", member.Did), ("$digest", digest), ("$pages", pages), ("$count", own), ("$at", Format(at))).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc/>
    public Task MarkUnchangedAsync(CatalogMember member, DateTimeOffset at, CancellationToken cancellationToken) =>
        UpdateMemberAsync(member, "UPDATE fc_members SET last_success = $at, last_attempt = $at, failures = 0, next_attempt = NULL, error = NULL WHERE did = $m", cancellationToken, ("$at", Format(at)));

    /// <inheritdoc/>
    public Task MarkFailedAsync(CatalogMember member, string reason, int failures, DateTimeOffset nextAttempt, DateTimeOffset at, CancellationToken cancellationToken) =>
        UpdateMemberAsync(member, "UPDATE fc_members SET last_attempt = $at, failures = $failures, next_attempt = $next, error = $error WHERE did = $m", cancellationToken,
            ("$at", Format(at)), ("$failures", failures), ("$next", Format(nextAttempt)), ("$error", reason));

    /// <inheritdoc/>
    public async Task<int> RetainAsync(IReadOnlySet<string> dids, CancellationToken cancellationToken)
    {
        var gone = (await GetMembersAsync(cancellationToken).ConfigureAwait(false)).Keys.Where(d => !dids.Contains(d)).ToList();
        if (gone.Count == 0)
        {
            return 0;
        }

        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            foreach (var did in gone)
            {
                await ExecuteAsync(connection, transaction,
                    "DELETE FROM fc_text WHERE rowid IN (SELECT id FROM fc_datasets WHERE member = $m); DELETE FROM fc_datasets WHERE member = $m; DELETE FROM fc_members WHERE did = $m;",
                    cancellationToken, ("$m", did)).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return gone.Count;
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<(string DatasetId, string Record, bool Registered)>> GetRegistrationsAsync(string member, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT dataset_id, registration_record, registered FROM fc_datasets WHERE member = $m AND registration_record IS NOT NULL ORDER BY id";
        command.Parameters.AddWithValue("$m", member);
        var list = new List<(string, string, bool)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2) == 1));
        }

        return list;
    }

    /// <inheritdoc/>
    public async Task SetRegistrationAsync(string member, string datasetId, bool registered, string? number, CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, null, "UPDATE fc_datasets SET registered = $registered, registration_number = $number WHERE member = $m AND dataset_id = $id",
                cancellationToken, ("$registered", registered ? 1 : 0), ("$number", number), ("$m", member), ("$id", datasetId)).ConfigureAwait(false);
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <inheritdoc/>
    public async Task<FederatedSearchPage> SearchAsync(FederatedSearchQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        var sql = new StringBuilder();
        var match = MatchExpression(query.Text);
        sql.Append("SELECT ").Append(Columns);
        sql.Append(match is null
            ? " FROM fc_datasets d JOIN fc_members m ON m.did = d.member WHERE 1 = 1"
            : " FROM fc_text t JOIN fc_datasets d ON d.id = t.rowid JOIN fc_members m ON m.did = d.member WHERE fc_text MATCH $match");
        if (match is not null)
        {
            command.Parameters.AddWithValue("$match", match);
        }

        Filter("m.subspaces", query.Subspace, "$subspace", multi: true);
        Filter("d.member", query.Provider, "$provider", multi: false);
        Filter("d.classification", query.Classification, "$classification", multi: false);
        Filter("d.media_types", query.MediaType, "$media", multi: true);
        Filter("d.transfer_types", query.TransferType, "$transfer", multi: true);
        Filter("d.features", query.PolicyFeature, "$feature", multi: true);
        if (query.Registered is { } registered)
        {
            sql.Append(registered ? " AND d.registered = 1" : " AND d.registered = 0");
        }

        sql.Append(match is null ? " ORDER BY d.id" : " ORDER BY t.rank, d.id");
        sql.Append(" LIMIT $limit OFFSET $offset");
        // One more than the page: whether another page follows, without counting every match.
        command.Parameters.AddWithValue("$limit", query.Limit + 1);
        command.Parameters.AddWithValue("$offset", query.Offset);
        command.CommandText = sql.ToString();
        var items = new List<FederatedSearchHit>(Math.Min(query.Limit, 64));
        var more = false;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (items.Count == query.Limit)
            {
                more = true;
                break;
            }

            items.Add(new FederatedSearchHit(
                reader.GetString(1), reader.GetString(2), reader.GetString(3), Split(reader.GetString(4)), reader.GetString(5), Text(reader, 6), Text(reader, 7),
                Split(reader.GetString(8)), Text(reader, 9), Split(reader.GetString(10)), Split(reader.GetString(11)), Split(reader.GetString(12)),
                (JsonArray)JsonNode.Parse(reader.GetString(13))!, (JsonObject)JsonNode.Parse(reader.GetString(14))!, Time(reader, 15))
            {
                Registered = reader.GetInt64(16) == 1,
                RegistrationNumber = Text(reader, 17),
            });
        }

        return new FederatedSearchPage(items, query.Offset, query.Limit, more ? query.Offset + items.Count : null);

        void Filter(string column, string? value, string parameter, bool multi)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return;
            }

            sql.Append(multi ? $" AND instr({column}, {parameter}) > 0" : $" AND {column} = {parameter}");
            command.Parameters.AddWithValue(parameter, multi ? Separator + Clean(value.Trim()) + Separator : value.Trim());
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _writer.Dispose();
        _init.Dispose();
    }

    /// <summary>
    /// The FTS5 expression for what a user typed: every word must occur, each as a prefix. Words are quoted, so FTS5
    /// syntax in the input (operators, column filters, quotes) is searched for as text rather than interpreted.
    /// </summary>
    internal static string? MatchExpression(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var words = new List<string>();
        var word = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(c);
            }
            else if (word.Length > 0)
            {
                words.Add(word.ToString());
                word.Clear();
            }
        }

        if (word.Length > 0)
        {
            words.Add(word.ToString());
        }

        return words.Count == 0 ? null : string.Join(' ', words.Take(32).Select(w => "\"" + w + "\"*"));
    }

    private static string Join(IEnumerable<string> values) =>
        Separator + string.Join(Separator, values.Select(Clean).Where(v => v.Length > 0)) + Separator;

    private static string Clean(string value) => value.Replace(Separator, ' ');

    private static string[] Split(string values) => values.Split(Separator, StringSplitOptions.RemoveEmptyEntries);

    private static string? Text(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static DateTimeOffset? Time(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : DateTimeOffset.Parse(reader.GetString(ordinal), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static async Task InsertAsync(SqliteConnection connection, SqliteTransaction transaction, string member, IReadOnlyList<FederatedDataset> datasets, int count, CancellationToken cancellationToken)
    {
        await using var row = connection.CreateCommand();
        row.Transaction = transaction;
        row.CommandText = """
            INSERT INTO fc_datasets (member, page, dataset_id, title, description, keywords, classification, media_types, transfer_types, features, offers, properties, registration_record, registered, registration_number, digest)
            VALUES ($m, $page, $id, $title, $description, $keywords, $classification, $media, $transfer, $features, $offers, $properties, $record, $registered, $number, $digest) RETURNING id
            """;
        var parameters = DatasetParameters.Select(name => row.Parameters.Add(name, SqliteType.Text)).ToArray();
        await using var text = connection.CreateCommand();
        text.Transaction = transaction;
        text.CommandText = "INSERT INTO fc_text (rowid, title, description, keywords) VALUES ($rowid, $title, $description, $keywords)";
        var rowid = text.Parameters.Add("$rowid", SqliteType.Integer);
        var title = text.Parameters.Add("$title", SqliteType.Text);
        var description = text.Parameters.Add("$description", SqliteType.Text);
        var keywords = text.Parameters.Add("$keywords", SqliteType.Text);
        for (var i = 0; i < count; i++)
        {
            var d = datasets[i];
            object?[] values = [member, d.Page, d.DatasetId, d.Title, d.Description, Join(d.Keywords), d.Classification, Join(d.MediaTypes), Join(d.TransferTypes), Join(d.PolicyFeatures), d.OffersJson, d.PropertiesJson, d.RegistrationRecord, d.Registered ? 1 : 0, d.RegistrationNumber, d.Digest];
            for (var p = 0; p < values.Length; p++)
            {
                parameters[p].Value = values[p] ?? DBNull.Value;
            }

            rowid.Value = await row.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            title.Value = (object?)d.Title ?? DBNull.Value;
            description.Value = (object?)d.Description ?? DBNull.Value;
            keywords.Value = string.Join(' ', d.Keywords);
            await text.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    // Columns that came after the first schema (an index made before gains them): `alter` runs when `column` is missing.
    private static async Task AddColumnsAsync(SqliteConnection connection, string column, string alter, CancellationToken cancellationToken)
    {
        if (Convert.ToInt64(await ScalarAsync(connection, null, "SELECT COUNT(*) FROM pragma_table_info('fc_datasets') WHERE name = $c", cancellationToken, ("$c", column)).ConfigureAwait(false), CultureInfo.InvariantCulture) == 0)
        {
            await ExecuteAsync(connection, null, alter, cancellationToken).ConfigureAwait(false);
        }
    }

    private static Task UpsertMemberAsync(SqliteConnection connection, SqliteTransaction transaction, CatalogMember member, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, transaction, """
            INSERT INTO fc_members (did, name, dsp_endpoint, subspaces) VALUES ($m, $name, $dsp, $subspaces)
            ON CONFLICT (did) DO UPDATE SET name = excluded.name, dsp_endpoint = excluded.dsp_endpoint, subspaces = excluded.subspaces
            """, cancellationToken, ("$m", member.Did), ("$name", member.Name), ("$dsp", member.DspEndpoint), ("$subspaces", Join(member.Subspaces)));

    private async Task UpdateMemberAsync(CatalogMember member, string update, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await UpsertMemberAsync(connection, transaction, member, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, update, cancellationToken, [("$m", member.Did), .. parameters]).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writer.Release();
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_ready)
        {
            await InitializeAsync(cancellationToken).ConfigureAwait(false);
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA busy_timeout = 30000; PRAGMA synchronous = NORMAL;";
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await _init.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_ready)
            {
                return;
            }

            if (Path.GetDirectoryName(FilePath) is { Length: > 0 } folder)
            {
                Directory.CreateDirectory(folder);
            }

            // What other members show us is for us: the index is owner-only, like the connector's own database.
            PrivateFiles.OpenWrite(FilePath, FileMode.OpenOrCreate).Dispose();
            await using var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = Schema;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            // Data-product registration records.
            await AddColumnsAsync(connection, "registered",
                "ALTER TABLE fc_datasets ADD COLUMN registration_record TEXT; ALTER TABLE fc_datasets ADD COLUMN registered INTEGER NOT NULL DEFAULT 0; ALTER TABLE fc_datasets ADD COLUMN registration_number TEXT;",
                cancellationToken).ConfigureAwait(false);
            // Dataset digests: rows of an older index have none and are fetched once.
            await AddColumnsAsync(connection, "digest", "ALTER TABLE fc_datasets ADD COLUMN digest TEXT", cancellationToken).ConfigureAwait(false);
            _ready = true;
        }
        finally
        {
            _init.Release();
        }
    }
}
