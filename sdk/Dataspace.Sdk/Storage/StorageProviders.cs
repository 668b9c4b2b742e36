namespace Dataspace.Sdk.Storage;

/// <summary>Names of storage providers (<c>Connector:Storage:Provider</c>).</summary>
public static class StorageProviders
{
    /// <summary>The embedded SQLite database in the data folder (the default).</summary>
    public const string Sqlite = "sqlite";

    /// <summary>PostgreSQL (plugin <c>Dataspace.Plugins.Storage.Postgres</c>).</summary>
    public const string Postgres = "postgres";
}
