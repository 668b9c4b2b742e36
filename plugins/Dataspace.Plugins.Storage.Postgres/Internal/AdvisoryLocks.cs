namespace Dataspace.Plugins.Storage.Postgres.Internal;

/// <summary>
/// The advisory-lock keys the plugin uses, in PostgreSQL's two-key form (<c>pg_advisory_lock(int4, int4)</c>). Advisory
/// locks are per database, so connectors on other databases of the same server never meet them; connectors in other
/// schemas of one database use another first key (<see cref="NamespaceFor"/>).
/// </summary>
internal static class AdvisoryLocks
{
    /// <summary>The first key of every lock the plugin takes in the default schema ('DSPC').</summary>
    public const int Namespace = 0x44535043;

    /// <summary>Held (per transaction) while migrations run, so instances starting together migrate one after the other.</summary>
    public const int Migrations = 0;

    // Instance liveness locks use the instance's key (1 and up) as the second key.

    /// <summary>The first key for a connector whose tables live in <paramref name="schema"/> (null: the default).</summary>
    public static int NamespaceFor(string? schema)
    {
        if (schema is null)
        {
            return Namespace;
        }

        // FNV-1a: stable across processes and versions (string.GetHashCode is randomised per process).
        var hash = 2166136261u;
        foreach (var c in "dataspace:" + schema)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return unchecked((int)hash);
    }
}
