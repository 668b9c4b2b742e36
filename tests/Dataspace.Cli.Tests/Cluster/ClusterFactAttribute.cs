namespace Dataspace.Cli.Tests.Cluster;

/// <summary>A fact that needs a PostgreSQL server (<c>DATASPACE_POSTGRES</c>); skipped, saying why, without one.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class ClusterFactAttribute : FactAttribute
{
    public ClusterFactAttribute()
    {
        if (ConnectionString is null)
        {
            Skip = "no PostgreSQL server: DATASPACE_POSTGRES is not set (several instances need a shared database; test.sh starts one)";
        }
    }

    public static string? ConnectionString => Environment.GetEnvironmentVariable("DATASPACE_POSTGRES") is { Length: > 0 } value ? value : null;
}
