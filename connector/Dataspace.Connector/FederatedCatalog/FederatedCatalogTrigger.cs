namespace Dataspace.Connector.FederatedCatalog;

/// <summary>
/// Starts the federated catalog's periodic crawl from inside the connector, without <c>Connector:FederatedCatalog:Enabled</c>:
/// joining a data space does so, because a member expects to search the space it joined.
/// </summary>
/// <remarks>Called concurrently; activating again wakes the crawler for a crawl now.</remarks>
public sealed class FederatedCatalogTrigger
{
    private readonly object _gate = new();
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _active;

    /// <summary>Whether crawling was activated (it stays so until the process ends).</summary>
    public bool IsActive
    {
        get
        {
            lock (_gate)
            {
                return _active;
            }
        }
    }

    /// <summary>Crawls now and then every period from now on.</summary>
    public void Activate()
    {
        lock (_gate)
        {
            _active = true;
            _next.TrySetResult();
            _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>Completes at the next <see cref="Activate"/> after this call (taken before a crawl, so one during it is not missed).</summary>
    internal Task Next
    {
        get
        {
            lock (_gate)
            {
                return _next.Task;
            }
        }
    }
}
