using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using Microsoft.AspNetCore.Http;

namespace Dataspace.Benchmarks.Protocol;

/// <summary>
/// Wakes a waiting negotiation as soon as its connector has answered a DSP message about it (the provider's FINALIZED
/// event, a termination), instead of polling the store every few milliseconds: ASP.NET Core's hosting diagnostics
/// report each request's end, after the state change it caused was committed.
/// </summary>
internal sealed class NegotiationWatch : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private const string EndRequest = "Microsoft.AspNetCore.Hosting.EndRequest";
    private const string Marker = "/api/dsp/negotiations/";
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _waiters = new(StringComparer.Ordinal);
    private readonly List<IDisposable> _subscriptions = [];
    private readonly IDisposable _all;
    private long _requests;

    public NegotiationWatch() => _all = DiagnosticListener.AllListeners.Subscribe(this);

    /// <summary>Starts watching a negotiation by its consumer process id; dispose the result to stop.</summary>
    public Waiter Watch(string consumerPid)
    {
        var signal = new SemaphoreSlim(0);
        _waiters[consumerPid] = signal;
        return new Waiter(this, consumerPid, signal);
    }

    /// <summary>HTTP requests answered so far by every host in the process (connectors and DCP authority).</summary>
    public long Requests => Interlocked.Read(ref _requests);

    public void Dispose()
    {
        _all.Dispose();
        lock (_subscriptions)
        {
            _subscriptions.ForEach(s => s.Dispose());
        }
    }

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener value)
    {
        if (value.Name == "Microsoft.AspNetCore")
        {
            lock (_subscriptions)
            {
                // Only the end of a request: no activity or begin event is asked for, so hosting does no extra work for them.
                _subscriptions.Add(value.Subscribe(this, (name, _, _) => name == EndRequest));
            }
        }
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key != EndRequest || HttpContextOf(value.Value) is not { } context)
        {
            return;
        }

        Interlocked.Increment(ref _requests);

        // /api/dsp/negotiations/{consumerPid}/events (or /termination, /agreement) on the consumer.
        var path = context.Request.Path.Value ?? "";
        var at = path.IndexOf(Marker, StringComparison.Ordinal);
        if (at < 0)
        {
            return;
        }

        var rest = path[(at + Marker.Length)..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && _waiters.TryGetValue(Uri.UnescapeDataString(rest[..slash]), out var signal))
        {
            signal.Release();
        }
    }

    // The payload is an internal record with an httpContext property (an HttpContext itself in older versions).
    private static HttpContext? HttpContextOf(object? payload) =>
        payload as HttpContext ?? payload?.GetType().GetProperty("httpContext", BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)?.GetValue(payload) as HttpContext;

    void IObserver<DiagnosticListener>.OnCompleted()
    {
    }

    void IObserver<DiagnosticListener>.OnError(Exception error)
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnCompleted()
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error)
    {
    }

    /// <summary>One watched negotiation.</summary>
    internal sealed class Waiter(NegotiationWatch watch, string consumerPid, SemaphoreSlim signal) : IDisposable
    {
        /// <summary>Waits until a DSP message about the negotiation was answered, or <paramref name="timeout"/> passed.</summary>
        public Task<bool> WaitAsync(TimeSpan timeout) => signal.WaitAsync(timeout);

        // The semaphore is not disposed: a request ending just now may still release it (it holds no wait handle).
        public void Dispose() => watch._waiters.TryRemove(consumerPid, out _);
    }
}
