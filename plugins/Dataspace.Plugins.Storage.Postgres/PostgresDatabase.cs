using System.Text.RegularExpressions;
using Dataspace.Plugins.Storage.Postgres.Internal;
using Npgsql;

namespace Dataspace.Plugins.Storage.Postgres;

/// <summary>The connector's PostgreSQL database: a pooled data source for ordinary work.</summary>
/// <remarks>Shared by every store of one connector instance; other instances use the same database through their own.</remarks>
internal sealed partial class PostgresDatabase : IAsyncDisposable, IDisposable
{
    /// <summary>Creates the handle; nothing connects until the first command.</summary>
    public PostgresDatabase(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"Connector:Storage:ConnectionString is not a valid PostgreSQL connection string ({e.Message}); expected e.g. 'Host=db;Database=dataspace;Username=connector;Password=...'", nameof(connectionString), e);
        }

        // The liveness session must really end when it is closed, so it never comes from (or goes back to) a pool.
        ListenerConnectionString = new NpgsqlConnectionStringBuilder(builder.ConnectionString)
        {
            Pooling = false,
            KeepAlive = builder.KeepAlive == 0 ? 15 : builder.KeepAlive,
            ApplicationName = string.IsNullOrEmpty(builder.ApplicationName) ? "dataspace-connector (liveness)" : builder.ApplicationName,
        }.ConnectionString;
        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            builder.ApplicationName = "dataspace-connector";
        }

        // The first schema of the search path holds the tables; several connectors may share a database in schemas of
        // their own, so their locks and wake-ups are told apart by it.
        if (builder.SearchPath?.Split(',')[0].Trim() is { Length: > 0 } schema)
        {
            if (!SimpleName().IsMatch(schema))
            {
                throw new ArgumentException($"the schema '{schema}' in the connection string's Search Path must be a lower-case name (a-z, 0-9, _), e.g. 'Search Path=connector_a'", nameof(connectionString));
            }

            Schema = schema;
        }

        LockNamespace = AdvisoryLocks.NamespaceFor(Schema);
        Channel = Schema is null ? "dataspace_outbox" : $"dataspace_outbox_{(uint)LockNamespace:x8}";
        DataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        Describe = $"{builder.Host}:{builder.Port}/{builder.Database}" + (Schema is null ? "" : $" (schema {Schema})");
    }

    /// <summary>The schema named first by the connection string's Search Path (created by the migrations), or null for the default.</summary>
    public string? Schema { get; }

    /// <summary>The first key of this connector's advisory locks.</summary>
    public int LockNamespace { get; }

    /// <summary>The NOTIFY channel of this connector's outbox.</summary>
    public string Channel { get; }

    /// <summary>The pooled data source for stores.</summary>
    public NpgsqlDataSource DataSource { get; }

    /// <summary>The connection string of the instance's dedicated, unpooled liveness and LISTEN session.</summary>
    public string ListenerConnectionString { get; }

    /// <summary>Host, port and database, for messages (never the password).</summary>
    public string Describe { get; }

    /// <summary>Opens a pooled connection.</summary>
    public ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken) => DataSource.OpenConnectionAsync(cancellationToken);

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => DataSource.DisposeAsync();

    /// <inheritdoc/>
    public void Dispose() => DataSource.Dispose();

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex SimpleName();
}
