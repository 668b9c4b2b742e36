using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Dataspace.Benchmarks.Protocol;

/// <summary>
/// <c>--postgres CONNECTION</c>: full negotiations with the provider on PostgreSQL as one instance and as two instances
/// on one database behind a round-robin balancer, side by side in one run (and a provider on SQLite for reference);
/// with <c>--prefill N</c> also one instance on a database holding N finished negotiations. Each PostgreSQL space gets
/// a database of its own, so the server's per-database counters and backends tell them apart; they are dropped at the end.
/// </summary>
internal static class PostgresBenchmark
{
    private const int InFlight = 8;

    // Within this of one instance counts as "not slower": rounds on a shared, loaded machine differ by a few percent.
    private const double NotSlowerTolerance = 0.95;

    public static async Task<int> RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        var connectionString = ValueOf(args, "--postgres");
        var prefillText = ValueOf(args, "--prefill");
        var prefill = 0;
        var known = new[] { "--quick", "--postgres", "--prefill", connectionString, prefillText };
        if (connectionString is null or "" || args.FirstOrDefault(a => !known.Contains(a)) is not null
            || (prefillText is not null && (!int.TryParse(prefillText, NumberStyles.None, CultureInfo.InvariantCulture, out prefill) || prefill <= 0)))
        {
            Console.Error.WriteLine("usage: Dataspace.Benchmarks.Protocol --postgres \"Host=...;Username=...;Database=...\" [--prefill N] [--quick]");
            Console.Error.WriteLine("  the user must be allowed to create databases; --prefill N adds a space whose database holds N finished negotiations");
            return 2;
        }

        NpgsqlConnectionStringBuilder admin;
        try
        {
            admin = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"--postgres: not a PostgreSQL connection string ({e.Message}); expected e.g. \"Host=127.0.0.1;Username=postgres;Database=postgres\"");
            return 2;
        }

        var tag = "bench_" + Guid.NewGuid().ToString("N")[..8];
        List<(string Name, int Instances, string Database, int Prefill)> configs =
        [
            ($"PostgreSQL, {PostgresSpace.Describe(1)}", 1, tag + "_1", 0),
            ($"PostgreSQL, {PostgresSpace.Describe(2)}", 2, tag + "_2", 0),
        ];
        if (prefill > 0)
        {
            configs.Add(($"PostgreSQL, {PostgresSpace.Describe(1)}, {prefill:N0} finished before", 1, tag + "_p", prefill));
        }

        var root = Directory.CreateTempSubdirectory("protocol-benchmark-pg-").FullName;
        var created = new List<string>();
        try
        {
            foreach (var config in configs)
            {
                await ExecuteAsync(admin.ConnectionString, $"CREATE DATABASE {config.Database}");
                created.Add(config.Database);
            }

            return await RunAsync(root, admin, configs, quick);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or HttpRequestException or NpgsqlException)
        {
            Console.Error.WriteLine($"benchmark failed: {e.Message}");
            return 1;
        }
        finally
        {
            foreach (var database in created)
            {
                await ExecuteAsync(admin.ConnectionString, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
            }

            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // A plugin assembly may still be mapped; the OS cleans temp folders.
            }
        }
    }

    private static async Task<int> RunAsync(string root, NpgsqlConnectionStringBuilder admin, List<(string Name, int Instances, string Database, int Prefill)> configs, bool quick)
    {
        var total = quick ? TimeSpan.FromSeconds(3) : TimeSpan.FromSeconds(20);
        var round = quick ? TimeSpan.FromSeconds(1.5) : TimeSpan.FromSeconds(4);
        var warmUp = quick ? 32 : 48;
        var maxWarmUp = quick ? TimeSpan.FromSeconds(30) : TimeSpan.FromSeconds(90);
        var counted = quick ? 64 : 240;
        Console.WriteLine($"negotiation, provider on PostgreSQL ({admin.Host}:{admin.Port}): request to FINALIZED, {InFlight} in flight, static tokens; every PostgreSQL provider behind a round-robin balancer, the consumer on SQLite");
        Console.WriteLine($"  warm-up batches of {warmUp} until the JIT is quiet (at most {maxWarmUp.TotalSeconds:F0} s), then rounds of {round.TotalSeconds:F1} s in turn, {total.TotalSeconds:F0} s each; then {counted} more per space to count database work");
        Console.WriteLine($"  load average before: {LoadAverage()}");

        await using var sqlite = await Space.StartStaticAsync(root);
        var spaces = new List<PostgresSpace>();
        try
        {
            foreach (var config in configs)
            {
                var connection = new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Database = config.Database }.ConnectionString;
                spaces.Add(await PostgresSpace.StartAsync(root, config.Database, connection, config.Database, config.Instances));
                if (config.Prefill > 0)
                {
                    var clock = Stopwatch.StartNew();
                    await PrefillAsync(connection, config.Prefill);
                    Console.WriteLine($"  {config.Database}: {config.Prefill:N0} finished negotiations with their agreements stored in {clock.Elapsed.TotalSeconds:F0} s");
                }
            }

            using var watch = new NegotiationWatch();
            var measured = new List<(string Name, Space Space, object Request)>
            {
                ($"negotiation, {InFlight} in flight, provider on SQLite", sqlite, await NegotiationBenchmark.WithOfferAsync(sqlite)),
            };
            for (var i = 0; i < configs.Count; i++)
            {
                measured.Add(($"negotiation, {InFlight} in flight, {configs[i].Name}", spaces[i].Space, await NegotiationBenchmark.WithOfferAsync(spaces[i].Space)));
            }

            IReadOnlyList<Row> rows;
            var databases = configs.Select(c => c.Database).ToArray();
            var sampler = WaitSampler.Start(admin.ConnectionString, databases);
            try
            {
                rows = await NegotiationBenchmark.RunAsync(measured, watch, InFlight, warmUp, maxWarmUp, round, total);
                Console.WriteLine($"  load average after: {LoadAverage()}");
            }
            finally
            {
                await sampler.DisposeAsync();
            }

            Console.WriteLine();
            Console.WriteLine("what the busy database backends were doing (pg_stat_activity every 100 ms):");
            for (var i = 0; i < configs.Count; i++)
            {
                Console.WriteLine($"  {configs[i].Name}: {sampler.Describe(configs[i].Database)}");
            }

            var work = await CountWorkAsync(admin.ConnectionString, spaces, [.. measured.Skip(1)], databases, watch, counted);
            Print(rows, configs, work);
            return 0;
        }
        finally
        {
            foreach (var space in spaces)
            {
                await space.DisposeAsync();
            }
        }
    }

    /// <summary>Per negotiation, on each PostgreSQL space: database commands (round trips), committed transactions and the backends' CPU time.</summary>
    private static async Task<(double Commands, double Transactions, double DatabaseCpuMs)[]> CountWorkAsync(
        string adminConnection, List<PostgresSpace> spaces, List<(string Name, Space Space, object Request)> measured, string[] databases, NegotiationWatch watch, int count)
    {
        // The server's counters reach pg_stat_database when a backend has been idle a while (up to 10 s in PostgreSQL 15+).
        var settle = TimeSpan.FromSeconds(12);
        await Task.Delay(settle);
        var before = await CommitsAsync(adminConnection, databases);
        var commands = new long[spaces.Count];
        var cpu = new TimeSpan[spaces.Count];
        for (var i = 0; i < spaces.Count; i++)
        {
            // Npgsql starts an activity per command when anyone listens: the provider's plugin is the only Npgsql user here.
            long seen = 0;
            using var listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == "Npgsql",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.PropagationData,
                ActivityStarted = _ => Interlocked.Increment(ref seen),
            };
            ActivitySource.AddActivityListener(listener);
            var cpuBefore = spaces[i].DatabaseCpu.Total();
            await NegotiationBenchmark.RunBatchAsync(measured[i].Space, measured[i].Request, watch, InFlight, count);

            // The last negotiation's provider side may still be finishing (its FINALIZED message was answered first).
            await Task.Delay(TimeSpan.FromSeconds(1));
            cpu[i] = spaces[i].DatabaseCpu.Total() - cpuBefore;
            commands[i] = Interlocked.Read(ref seen);
        }

        await Task.Delay(settle);
        var after = await CommitsAsync(adminConnection, databases);
        return [.. spaces.Select((_, i) => ((double)commands[i] / count, (double)(after[databases[i]] - before[databases[i]]) / count, cpu[i].TotalMilliseconds / count))];
    }

    private static void Print(IReadOnlyList<Row> rows, List<(string Name, int Instances, string Database, int Prefill)> configs, (double Commands, double Transactions, double DatabaseCpuMs)[] work)
    {
        Console.WriteLine();
        Console.WriteLine($"{"",-72} {"n",6} {"per s",7} {"cpu ms",7} {"db cpu",7} {"p50 ms",8} {"p99 ms",8} {"cmds",5} {"xacts",6}");
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var db = i == 0 ? null : ((double Commands, double Transactions, double DatabaseCpuMs)?)work[i - 1];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{row.Name,-72} {row.Latencies.Count,6} {row.PerSecond,7:F1} {row.CpuMs,7:F1} {Cell(db?.DatabaseCpuMs, "F1"),7} {row.Latencies.Percentile(50),8:F2} {row.Latencies.Percentile(99),8:F2} {Cell(db?.Commands, "F1"),5} {Cell(db?.Transactions, "F1"),6}"));
        }

        Console.WriteLine($"(cpu ms: CPU time per negotiation of this process — both connectors' instances, the balancer, the client — and of the space's database backends; db cpu, cmds, xacts: per negotiation on the provider's database alone, over a separate batch: backend CPU, Npgsql commands (round trips), committed transactions (pg_stat_database); {Environment.ProcessorCount} cores)");
        Console.WriteLine();
        var one = rows[1];
        var two = rows[2];
        var ratio = two.PerSecond!.Value / one.PerSecond!.Value;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"2 instances not slower than 1: {(ratio >= NotSlowerTolerance ? "met" : "NOT met")} (negotiations/s 2 / 1 = {ratio:F2}x, p50 2 / 1 = {two.Latencies.Percentile(50) / one.Latencies.Percentile(50):F2}x; met at >= {NotSlowerTolerance:F2}x; load average now {LoadAverage()})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"negotiations/s: PostgreSQL 1 instance / SQLite = {one.PerSecond / rows[0].PerSecond:F2}x"));
        if (configs.Count > 2)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{configs[2].Prefill:N0} finished negotiations before: negotiations/s {rows[3].PerSecond / one.PerSecond:F2}x, db cpu per negotiation {work[2].DatabaseCpuMs / work[0].DatabaseCpuMs:F2}x, p50 {rows[3].Latencies.Percentile(50) / one.Latencies.Percentile(50):F2}x of the empty database"));
        }

        // The model of docs/scaling.md: c, the connectors' CPU per negotiation; d, the database's.
        for (var i = 0; i < configs.Count; i++)
        {
            var c = rows[i + 1].CpuMs!.Value - work[i].DatabaseCpuMs;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"model, {configs[i].Name}: c = {c:F1} ms connector CPU, d = {work[i].DatabaseCpuMs:F1} ms database CPU per negotiation; CPU-bound ceiling on {Environment.ProcessorCount} cores {1000.0 * Environment.ProcessorCount / (c + work[i].DatabaseCpuMs):F0}/s, measured {rows[i + 1].PerSecond:F0}/s"));
        }
    }

    private static string Cell(double? value, string format) => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "";

    private static async Task<Dictionary<string, long>> CommitsAsync(string adminConnection, string[] databases)
    {
        await using var connection = new NpgsqlConnection(adminConnection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT datname, xact_commit FROM pg_stat_database WHERE datname = ANY(@databases)", connection);
        command.Parameters.AddWithValue("databases", databases);
        var commits = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            commits[reader.GetString(0)] = reader.GetInt64(1);
        }

        return commits;
    }

    // Finished negotiations of the same consumer with their agreements, as a long-running provider holds them: the
    // per-peer and per-state indexes the hot path reads get deeper.
    private static async Task PrefillAsync(string connectionString, int count)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO negotiations (id, role, peer_pid, state, counter_party_id, counter_party_address, offer_id, asset_id, offer, agreement_id, created_at, updated_at)
            SELECT 'prefill-' || g, 'Provider', 'prefill-peer-' || g, 600, 'did:web:consumer.example', 'http://127.0.0.1:9/api/dsp', 'data-offer', 'data', '{}', 'prefill-agreement-' || g, now() - interval '1 day', now() - interval '1 day'
            FROM generate_series(1, @count) g;
            INSERT INTO agreements (id, negotiation_id, provider_id, consumer_id, asset_id, policy, signed_at)
            SELECT 'prefill-agreement-' || g, 'prefill-' || g, 'did:web:provider.example', 'did:web:consumer.example', 'data', '{}', now() - interval '1 day'
            FROM generate_series(1, @count) g;
            ANALYZE negotiations;
            ANALYZE agreements;
            """, connection) { CommandTimeout = 600 };
        command.Parameters.AddWithValue("count", count);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string? ValueOf(string[] args, string option)
    {
        var at = Array.IndexOf(args, option);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
