using System.Security.Cryptography;
using Npgsql;

namespace Dataspace.Cli.Demo;

/// <summary>
/// <c>dataspace demo --postgres</c>: both connectors keep their state in one PostgreSQL database, each in a schema of its
/// own made for this run (the storage plugin creates it) and dropped at the end.
/// </summary>
internal sealed class DemoPostgres
{
    private readonly string _connectionString;

    private DemoPostgres(string connectionString, string describe, string run)
    {
        _connectionString = connectionString;
        Describe = describe;
        ProviderSchema = $"dataspace_demo_{run}_provider";
        ConsumerSchema = $"dataspace_demo_{run}_consumer";
    }

    /// <summary>Host, port and database (never the password).</summary>
    public string Describe { get; }

    public string ProviderSchema { get; }

    public string ConsumerSchema { get; }

    /// <summary>Checks the connection string and that the server answers, so a typo fails before anything starts.</summary>
    public static async Task<DemoPostgres> ConnectAsync(string connectionString, CancellationToken cancellationToken)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new CliException($"--postgres is not a PostgreSQL connection string ({e.Message}); expected e.g. \"Host=localhost;Port=5432;Database=dataspace;Username=connector;Password=...\"");
        }

        var describe = $"{builder.Host}:{builder.Port}/{builder.Database}";
        try
        {
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or ArgumentException)
        {
            throw new CliException($"--postgres: cannot connect to {describe}: {e.Message}");
        }

        return new DemoPostgres(builder.ConnectionString, describe, Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant());
    }

    /// <summary>The storage settings of the connector whose tables live in <paramref name="schema"/>.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Settings(string schema) =>
    [
        new("Connector:Storage:Provider", "postgres"),
        new("Connector:Storage:ConnectionString", new NpgsqlConnectionStringBuilder(_connectionString) { SearchPath = schema }.ConnectionString),
    ];

    /// <summary>Drops both schemas (after the connectors stopped); a failure is reported, not thrown, as the demo is over.</summary>
    public async Task<string?> DropAsync()
    {
        try
        {
            await using var connection = new NpgsqlConnection(_connectionString);
            await connection.OpenAsync().ConfigureAwait(false);
            await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {ProviderSchema} CASCADE; DROP SCHEMA IF EXISTS {ConsumerSchema} CASCADE", connection);
            await drop.ExecuteNonQueryAsync().ConfigureAwait(false);
            return null;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            return $"could not drop the demo's schemas {ProviderSchema} and {ConsumerSchema} in {Describe}: {e.Message}";
        }
    }
}
