namespace Dataspace.Connector.Protocol;

/// <summary>Wakes the outbox dispatcher as soon as a message is stored, so nothing waits for a polling interval.</summary>
public sealed class OutboxSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    /// <summary>Says there is something to send.</summary>
    public void Notify()
    {
        try
        {
            if (_signal.CurrentCount == 0)
            {
                _signal.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: one wake-up covers every message stored before it.
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _signal.Dispose();

    /// <summary>Waits for a notification or the time-out.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}
