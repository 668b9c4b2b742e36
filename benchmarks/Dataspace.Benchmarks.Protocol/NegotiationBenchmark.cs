using System.Diagnostics;
using Dataspace.Sdk.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Benchmarks.Protocol;

/// <summary>Full negotiations (request to FINALIZED on the consumer), several in flight, started through the consumer's management API.</summary>
internal static class NegotiationBenchmark
{
    /// <summary>
    /// Warms every space up, then runs them in turn for <paramref name="round"/> each until each has had
    /// <paramref name="total"/>, so that all meet the same machine conditions.
    /// </summary>
    public static async Task<IReadOnlyList<Row>> RunAsync(IReadOnlyList<(string Name, Space Space)> spaces, int inFlight, int warmUp, TimeSpan round, TimeSpan total)
    {
        foreach (var (_, space) in spaces)
        {
            await RunBatchAsync(space, inFlight, warmUp, null);
        }

        var latencies = spaces.Select(_ => new Latencies()).ToArray();
        var done = new int[spaces.Count];
        var elapsed = new TimeSpan[spaces.Count];
        while (elapsed[^1] < total)
        {
            for (var i = 0; i < spaces.Count; i++)
            {
                var clock = Stopwatch.StartNew();
                done[i] += await RunForAsync(spaces[i].Space, inFlight, round, latencies[i]);
                elapsed[i] += clock.Elapsed;
            }
        }

        return [.. spaces.Select((s, i) => new Row(s.Name, latencies[i], done[i] / elapsed[i].TotalSeconds))];
    }

    private static async Task RunBatchAsync(Space space, int inFlight, int count, Latencies? latencies)
    {
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, inFlight).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= count)
            {
                await NegotiateAsync(space, latencies);
            }
        }));
    }

    private static async Task<int> RunForAsync(Space space, int inFlight, TimeSpan duration, Latencies latencies)
    {
        var done = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, inFlight).Select(async _ =>
        {
            while (clock.Elapsed < duration)
            {
                await NegotiateAsync(space, latencies);
                Interlocked.Increment(ref done);
            }
        }));
        return done;
    }

    private static async Task NegotiateAsync(Space space, Latencies? latencies)
    {
        var store = space.Consumer.App.Services.GetRequiredService<INegotiationStore>();
        var started = Stopwatch.GetTimestamp();
        var negotiation = await space.Consumer.SendAsync(HttpMethod.Post, "/negotiations", new { counterPartyAddress = space.Provider.Dsp, offerId = space.OfferId, counterPartyId = space.ProviderId });
        var id = negotiation["id"]!.GetValue<string>();
        var deadline = started + (Stopwatch.Frequency * 30);
        while (true)
        {
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

            // Polling the consumer's own store: a management GET every few milliseconds would load the connector more.
            await Task.Delay(2);
        }
    }
}
