using System.Diagnostics;
using Dataspace.Connector.Storage.Sqlite;
using Dataspace.Sdk.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Benchmarks.Protocol;

/// <summary>Full negotiations (request to FINALIZED on the consumer), several in flight, started through the consumer's management API.</summary>
internal static class NegotiationBenchmark
{
    // A fallback only: the watch wakes the waiter when the consumer answers the provider's FINALIZED event.
    private static readonly TimeSpan Recheck = TimeSpan.FromMilliseconds(250);

    // Methods compiled in one warm-up batch below which the JIT counts as settled.
    private const int QuietJit = 20;

    /// <summary>
    /// Warms every space up until the JIT is quiet, then runs them in turn for <paramref name="round"/> each until each
    /// has had <paramref name="total"/>, so that all meet the same machine conditions; rows carry throughput and CPU time
    /// per negotiation.
    /// </summary>
    public static async Task<IReadOnlyList<Row>> RunAsync(IReadOnlyList<(string Name, Space Space, object Request)> spaces, NegotiationWatch watch, int inFlight, int warmUp, TimeSpan maxWarmUp, TimeSpan round, TimeSpan total)
    {
        // Tiered compilation keeps recompiling hot methods for tens of seconds on a loaded machine; measured before it
        // settles, JIT time is most of the CPU per negotiation (see docs/performance.md). Warm up until a batch on every
        // space compiles next to nothing, or for at most maxWarmUp.
        var warming = Stopwatch.StartNew();
        long compiled;
        do
        {
            var before = System.Runtime.JitInfo.GetCompiledMethodCount();
            foreach (var (_, space, request) in spaces)
            {
                await RunBatchAsync(space, request, watch, inFlight, warmUp);
            }

            compiled = System.Runtime.JitInfo.GetCompiledMethodCount() - before;
        }
        while (compiled > QuietJit && warming.Elapsed < maxWarmUp);

        Console.WriteLine($"  warm-up ({inFlight} in flight): {warming.Elapsed.TotalSeconds:F0} s; the last batch of {warmUp} on each space had {compiled} methods compiled{(compiled > QuietJit ? " (JIT not quiet yet: CPU figures include it)" : "")}");

        var latencies = spaces.Select(_ => new Latencies()).ToArray();
        var done = new int[spaces.Count];
        var elapsed = new TimeSpan[spaces.Count];
        var cpu = new TimeSpan[spaces.Count];
        var commits = new long[spaces.Count];
        var requests = new long[spaces.Count];
        var busy = new long[spaces.Count];
        using var process = Process.GetCurrentProcess();
        while (elapsed[^1] < total)
        {
            for (var i = 0; i < spaces.Count; i++)
            {
                process.Refresh();
                var cpuBefore = process.TotalProcessorTime + spaces[i].Space.OutsideCpu();
                var (commitsBefore, requestsBefore, busyBefore) = (Commits(spaces[i].Space), watch.Requests, BusyWaits(spaces[i].Space));
                var clock = Stopwatch.StartNew();
                done[i] += await RunForAsync(spaces[i].Space, spaces[i].Request, watch, inFlight, round, latencies[i]);
                elapsed[i] += clock.Elapsed;
                process.Refresh();
                cpu[i] += process.TotalProcessorTime + spaces[i].Space.OutsideCpu() - cpuBefore;
                commits[i] += Commits(spaces[i].Space) - commitsBefore;
                requests[i] += watch.Requests - requestsBefore;
                busy[i] += BusyWaits(spaces[i].Space) - busyBefore;
            }
        }

        return [.. spaces.Select((s, i) => new Row(s.Name, latencies[i], done[i] / elapsed[i].TotalSeconds, cpu[i].TotalMilliseconds / done[i], (double)commits[i] / done[i], (double)requests[i] / done[i], (double)busy[i] / done[i]))];
    }

    // Commits of both connectors' SQLite databases.
    private static long Commits(Space space) =>
        (space.Provider.App.Services.GetService<ConnectorDatabase>()?.Commits ?? 0) + (space.Consumer.App.Services.GetService<ConnectorDatabase>()?.Commits ?? 0);

    // Sleeps of both connectors' SQLite busy handlers: writers that found the database locked instead of queueing.
    private static long BusyWaits(Space space) =>
        (space.Provider.App.Services.GetService<ConnectorDatabase>()?.BusyWaits ?? 0) + (space.Consumer.App.Services.GetService<ConnectorDatabase>()?.BusyWaits ?? 0);

    /// <summary>The management request that looks the offer up in the provider's catalog each time.</summary>
    public static object ByOfferId(Space space) => new { counterPartyAddress = space.ProviderDsp, offerId = space.OfferId, counterPartyId = space.ProviderId };

    /// <summary>
    /// The management request carrying the offer, as a client holding the provider's catalog sends it: the catalog is
    /// fetched once, through the consumer's management API, and each negotiation starts without fetching it again.
    /// </summary>
    public static async Task<object> WithOfferAsync(Space space)
    {
        var catalog = await space.Consumer.SendAsync(HttpMethod.Post, "/catalog/request", new { counterPartyAddress = space.ProviderDsp, counterPartyId = space.ProviderId });
        foreach (var dataset in catalog["datasets"]!.AsArray())
        {
            foreach (var offer in dataset!["offers"]!.AsArray())
            {
                if (offer!["id"]!.GetValue<string>() == space.OfferId)
                {
                    return new { counterPartyAddress = space.ProviderDsp, offerId = space.OfferId, counterPartyId = space.ProviderId, policy = offer["policy"]!.DeepClone(), datasetId = dataset["id"]!.GetValue<string>() };
                }
            }
        }

        throw new InvalidOperationException($"the provider's catalog does not show offer '{space.OfferId}'");
    }

    /// <summary>Runs <paramref name="count"/> negotiations, <paramref name="inFlight"/> at a time, without measuring them.</summary>
    public static async Task RunBatchAsync(Space space, object request, NegotiationWatch watch, int inFlight, int count)
    {
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, inFlight).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= count)
            {
                await NegotiateAsync(space, request, watch, null);
            }
        }));
    }

    private static async Task<int> RunForAsync(Space space, object request, NegotiationWatch watch, int inFlight, TimeSpan duration, Latencies latencies)
    {
        var done = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, inFlight).Select(async _ =>
        {
            while (clock.Elapsed < duration)
            {
                await NegotiateAsync(space, request, watch, latencies);
                Interlocked.Increment(ref done);
            }
        }));
        return done;
    }

    private static async Task NegotiateAsync(Space space, object request, NegotiationWatch watch, Latencies? latencies)
    {
        var store = space.Consumer.App.Services.GetRequiredService<INegotiationStore>();
        var started = Stopwatch.GetTimestamp();
        var negotiation = await space.Consumer.SendAsync(HttpMethod.Post, "/negotiations", request);
        var id = negotiation["id"]!.GetValue<string>();
        using var waiter = watch.Watch(id);
        var deadline = started + (Stopwatch.Frequency * 30);
        while (true)
        {
            // Read after watching: a FINALIZED answered before the watch began is in the store already.
            var record = await store.GetAsync(id, CancellationToken.None) ?? throw new InvalidOperationException($"negotiation {id} vanished");
            if (record.State == NegotiationState.Finalized)
            {
                latencies?.Add(Stopwatch.GetElapsedTime(started));
                return;
            }

            if (record.State == NegotiationState.Terminated)
            {
                throw new InvalidOperationException($"negotiation {id} was terminated: {record.Error}");
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"negotiation {id} is still {record.State} after 30 s");
            }

            await waiter.WaitAsync(Recheck);
        }
    }
}
