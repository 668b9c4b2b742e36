namespace Dataspace.Testing;

/// <summary>A fact that needs a PostgreSQL server (<c>DATASPACE_POSTGRES</c>); skipped, saying why, where there is none.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresServer.ConnectionString is null)
        {
            Skip = PostgresServer.WhyUnavailable;
        }
    }
}

/// <summary>The PostgreSQL server the tests may use: test.sh starts one (build/postgres-cluster.sh) and names it in <c>DATASPACE_POSTGRES</c>.</summary>
internal static class PostgresServer
{
    /// <summary>The connection string of a database on the test server (the tests create their own databases beside it), or null.</summary>
    public static string? ConnectionString =>
        Environment.GetEnvironmentVariable("DATASPACE_POSTGRES") is { Length: > 0 } value ? value : null;

    /// <summary>Why there is no server, for skipped tests.</summary>
    public static string WhyUnavailable =>
        "no PostgreSQL server: DATASPACE_POSTGRES is not set (test.sh starts one with build/postgres-cluster.sh)"
        + (Environment.GetEnvironmentVariable("DATASPACE_POSTGRES_UNAVAILABLE") is { Length: > 0 } why ? $"; it could not: {why}" : "");
}
