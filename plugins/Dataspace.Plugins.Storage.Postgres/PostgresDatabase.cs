using Npgsql;

namespace Dataspace.Plugins.Storage.Postgres;

/// <summary>The connector's PostgreSQL database: a pooled data source for ordinary work.</summary>
/// <remarks>Shared by every store of one connector instance; other instances use the same database through their own.</remarks>
internal sealed class PostgresDatabase : IAsyncDisposable
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

        DataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        Describe = $"{builder.Host}:{builder.Port}/{builder.Database}";
    }

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
}
