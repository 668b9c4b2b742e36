namespace Dataspace.Connector.Storage.Sqlite;

/// <summary>This process's turn to write to the embedded database; disposing it (after the commit or rollback) lets the next writer in.</summary>
public sealed class DatabaseWriteTurn : IDisposable
{
    private SemaphoreSlim? _gate;

    internal DatabaseWriteTurn(SemaphoreSlim gate) => _gate = gate;

    /// <summary>Ends the turn; a second call does nothing.</summary>
    public void Dispose() => Interlocked.Exchange(ref _gate, null)?.Release();
}
