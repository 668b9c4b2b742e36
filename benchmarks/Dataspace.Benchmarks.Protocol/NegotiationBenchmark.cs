using System.Diagnostics;
using Dataspace.Connector.Negotiation;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Benchmarks.Protocol;

/// <summary>Full negotiations (request to FINALIZED on the consumer), several in flight, started through the consumer's management API.</summary>
internal static class NegotiationBenchmark
{
    // A fallback only: the watch wakes the waiter when the consumer answers the provider's FINALIZED event.
    private static readonly TimeSpan Recheck = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Warms every space up, then runs them in turn for <paramref name="round"/> each until each has had
    /// <paramref name="total"/>, so that all meet the same machine conditions; rows carry throughput and CPU time per negotiation.
    /// </summary>
    public static async Task<IReadOnlyList<Row>> RunAsync(IReadOnlyList<(string Name, Space Space)> spaces, NegotiationWatch watch, int inFlight, int warmUp, TimeSpan round, TimeSpan total)
    {
        foreach (var (_, space) in spaces)
        {
            await RunBatchAsync(space, watch, inFlight, warmUp);
        }

        var latencies = spaces.Select(_ => new Latencies()).ToArray();
        var done = new int[spaces.Count];
        var elapsed = new TimeSpan[spaces.Count];
        var cpu = new TimeSpan[spaces.Count];
        using var process = Process.GetCurrentProcess();
        while (elapsed[^1] < total)
        {
            for (var i = 0; i < spaces.Count; i++)
            {
                process.Refresh();
                var cpuBefore = process.TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                done[i] += await RunForAsync(spaces[i].Space, watch, inFlight, round, latencies[i]);
                elapsed[i] += clock.Elapsed;
                process.Refresh();
                cpu[i] += process.TotalProcessorTime - cpuBefore;
            }
        }

        return [.. spaces.Select((s, i) => new Row(s.Name, latencies[i], done[i] / elapsed[i].TotalSeconds, cpu[i].TotalMilliseconds / done[i]))];
    }

    private static async Task RunBatchAsync(Space space, NegotiationWatch watch, int inFlight, int count)
    {
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, inFlight).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= count)
            {
                await NegotiateAsync(space, watch, null);
            }
        }));
    }

    private static async Task<int> RunForAsync(Space space, NegotiationWatch watch, int inFlight, TimeSpan duration, Latencies latencies)
    {
        var done = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, inFlight).Select(async _ =>
        {
            while (clock.Elapsed < duration)
            {
                await NegotiateAsync(space, watch, latencies);
                Interlocked.Increment(ref done);
            }
        }));
        return done;
    }

    private static async Task NegotiateAsync(Space space, NegotiationWatch watch, Latencies? latencies)
    {
        var store = space.Consumer.App.Services.GetRequiredService<NegotiationStore>();
        var started = Stopwatch.GetTimestamp();
        var negotiation = await space.Consumer.SendAsync(HttpMethod.Post, "/negotiations", new { counterPartyAddress = space.Provider.Dsp, offerId = space.OfferId, counterPartyId = space.ProviderId });
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
