namespace Dataspace.Connector.Storage;

/// <summary>
/// How hard the embedded database (SQLite in WAL mode) pushes each commit to disk (<c>Connector:DatabaseSynchronous</c>);
/// docs/durability.md explains the trade.
/// </summary>
public enum DatabaseSynchronous
{
    /// <summary>
    /// The write-ahead log is synced at checkpoints, not at every commit: a power loss or OS crash may undo the last
    /// commits, but never corrupts the database; a crash of the connector process alone loses nothing.
    /// </summary>
    Normal = 1,

    /// <summary>Every commit is synced before it returns: nothing acknowledged is lost even on power loss, at one fsync per commit.</summary>
    Full = 2,
}
