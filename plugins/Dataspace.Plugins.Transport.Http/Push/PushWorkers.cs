using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;

namespace Dataspace.Plugins.Transport.Http.Push;

/// <summary>Tracks running pushes, one per transfer, so a stop or the host's shutdown can cancel and await them.</summary>
internal sealed class PushWorkers : IHostedService, IDisposable
{
    private readonly ConcurrentDictionary<string, Worker> _running = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _shutdown = new();
    private readonly Dictionary<string, int> _perHost = new(StringComparer.OrdinalIgnoreCase);
    private readonly HttpTransportOptions _options;
    private int _total;

    public PushWorkers(HttpTransportOptions options) => _options = options;

    /// <summary>Cancelled when the host stops; outcome reports use it so they still happen after a transfer's own stop.</summary>
    public CancellationToken ShuttingDown => _shutdown.Token;

    /// <summary>The number of pushes running now.</summary>
    public int Count => _running.Count;

    /// <summary>Starts <paramref name="work"/> for a transfer unless a push of it is already running.</summary>
    /// <returns>False when the transfer is already being pushed (a repeated start is not a second push).</returns>
    public bool TryStart(string transferId, Func<CancellationToken, Task> work)
    {
        if (_shutdown.IsCancellationRequested)
        {
            throw new InvalidOperationException("the connector is shutting down; no push can start");
        }

        var worker = new Worker(CancellationTokenSource.CreateLinkedTokenSource(_shutdown.Token));
        if (!_running.TryAdd(transferId, worker))
        {
            worker.Cancellation.Dispose();
            return false;
        }

        worker.Task = Task.Run(async () =>
        {
            try
            {
                await work(worker.Cancellation.Token).ConfigureAwait(false);
            }
            finally
            {
                _running.TryRemove(new KeyValuePair<string, Worker>(transferId, worker));
                worker.Cancellation.Dispose();
            }
        });
        worker.Started.SetResult();
        return true;
    }

    /// <summary>A slot for one push to <paramref name="host"/>, released on dispose; null (with the reason) when a limit is reached.</summary>
    public IDisposable? TryReserve(string host, out string? reason)
    {
        lock (_perHost)
        {
            _perHost.TryGetValue(host, out var running);
            if (_total >= _options.MaxConcurrentPushes)
            {
                reason = $"the provider is already running its limit of {_options.MaxConcurrentPushes} pushes; start the transfer again later";
                return null;
            }

            if (running >= _options.MaxConcurrentPushesPerHost)
            {
                reason = $"the provider is already running its limit of {_options.MaxConcurrentPushesPerHost} pushes to {host}; start the transfer again later";
                return null;
            }

            _perHost[host] = running + 1;
            _total++;
            reason = null;
            return new Slot(this, host);
        }
    }

    private void Release(string host)
    {
        lock (_perHost)
        {
            _total--;
            if (--_perHost[host] == 0)
            {
                _perHost.Remove(host);
            }
        }
    }

    /// <summary>Cancels the transfer's push, if one runs, and waits for it to end.</summary>
    public async Task CancelAsync(string transferId, CancellationToken cancellationToken)
    {
        if (!_running.TryGetValue(transferId, out var worker))
        {
            return;
        }

        await worker.Started.Task.ConfigureAwait(false);
        try
        {
            await worker.Cancellation.CancelAsync().ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // It ended on its own meanwhile.
        }

        await worker.Task!.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _shutdown.CancelAsync().ConfigureAwait(false);
        var tasks = _running.Values.Select(w => w.Started.Task.ContinueWith(_ => w.Task!, TaskScheduler.Default).Unwrap());
        await Task.WhenAll(tasks).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _shutdown.Dispose();

    private sealed class Slot(PushWorkers owner, string host) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Release(host);
            }
        }
    }

    private sealed class Worker(CancellationTokenSource cancellation)
    {
        public CancellationTokenSource Cancellation { get; } = cancellation;

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task? Task { get; set; }
    }
}
