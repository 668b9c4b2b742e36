namespace Dataspace.Sdk.Storage;

/// <summary>Prepares the storage before the connector accepts requests, and says whether it answers.</summary>
/// <remarks>Several instances may start at once against one database: <see cref="MigrateAsync"/> must serialise itself (e.g. a lock in the database).</remarks>
public interface IStorageLifecycle
{
    /// <summary>Creates or upgrades the schema; returns its version. Fails with the reason when the database is newer than this connector.</summary>
    Task<int> MigrateAsync(CancellationToken cancellationToken);

    /// <summary>Null when the database answers, else what failed (for the readiness check).</summary>
    Task<string?> CheckAsync(CancellationToken cancellationToken);
}
