namespace Dataspace.Connector.Storage.Sqlite;

/// <summary>The busy handler's state for one database: its timeout and the sleeps taken so far.</summary>
internal sealed class BusyCounter(int timeoutMs)
{
    /// <summary>How long a writer waits for another connection's lock before the statement fails with SQLITE_BUSY.</summary>
    public int TimeoutMs { get; } = timeoutMs;

    /// <summary>Sleeps taken by the busy handler (incremented atomically).</summary>
    public long Waits;
}
