using Npgsql;

namespace Dataspace.Benchmarks.Protocol;

/// <summary>
/// Samples pg_stat_activity every few milliseconds while the benchmark runs: what the busy backends of each database
/// wait on (a lock, a lightweight lock, I/O, the client) or "running", to find contention between instances.
/// </summary>
internal sealed class WaitSampler : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private readonly Dictionary<string, Dictionary<string, int>> _waits = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _samples;

    private WaitSampler(string connectionString, string[] databases) => _loop = Task.Run(() => LoopAsync(connectionString, databases));

    /// <summary>Starts sampling the backends of <paramref name="databases"/> through a connection of its own.</summary>
    public static WaitSampler Start(string connectionString, string[] databases) => new(connectionString, databases);

    /// <summary>Stops sampling; the figures stay readable.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    /// <summary>What the busy backends of <paramref name="database"/> were doing, as shares of the busy backends seen.</summary>
    /// <remarks>Spaces take turns, so an average over all samples would mean little: only the shares are given.</remarks>
    public string Describe(string database, int top = 6)
    {
        if (!_waits.TryGetValue(database, out var waits))
        {
            return $"no busy backend seen in {_samples} samples";
        }

        var busy = waits.Values.Sum();
        var shares = waits.OrderByDescending(w => w.Value).Take(top).Select(w => $"{w.Key} {100.0 * w.Value / busy:F0}%");
        return $"{busy} busy backends seen in {_samples} samples: {string.Join(", ", shares)}";
    }

    private async Task LoopAsync(string connectionString, string[] databases)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(_stop.Token);
            await using var command = new NpgsqlCommand(
                """
                SELECT datname, CASE WHEN state = 'active' THEN coalesce(wait_event_type || ':' || wait_event, 'running') ELSE state || coalesce(' (' || wait_event || ')', '') END
                FROM pg_stat_activity
                WHERE datname = ANY(@databases) AND state <> 'idle' AND pid <> pg_backend_pid() AND backend_type = 'client backend'
                """, connection);
            command.Parameters.AddWithValue("databases", databases);
            await command.PrepareAsync(_stop.Token);
            while (!_stop.IsCancellationRequested)
            {
                await using (var reader = await command.ExecuteReaderAsync(_stop.Token))
                {
                    while (await reader.ReadAsync(_stop.Token))
                    {
                        var waits = _waits.TryGetValue(reader.GetString(0), out var found) ? found : _waits[reader.GetString(0)] = [];
                        var what = reader.GetString(1);
                        waits[what] = waits.GetValueOrDefault(what) + 1;
                    }
                }

                _samples++;
                await Task.Delay(Interval, _stop.Token);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }
}
