// Protocol benchmarks on loopback: catalog latency with 10,000 offers (offer index against evaluating every access
// policy), and full negotiations per second with latency percentiles (DCP against static tokens). Side by side in one
// run; ratios, not absolute figures, are what carries from one machine to another.
using System.Globalization;
using Dataspace.Benchmarks.Protocol;

// --postgres CONNECTION: the provider on PostgreSQL, one and two instances (PostgresBenchmark).
if (args.Contains("--postgres"))
{
    return await PostgresBenchmark.RunAsync(args);
}

var quick = args.Contains("--quick");
var onlyAt = Array.IndexOf(args, "--only");
var only = onlyAt >= 0 && onlyAt + 1 < args.Length ? args[onlyAt + 1] : null;
var known = new[] { "--quick", "--only", "catalog", "negotiation" };
if (args.FirstOrDefault(a => !known.Contains(a)) is { } unknown || (onlyAt >= 0 && only is not ("catalog" or "negotiation")))
{
    Console.Error.WriteLine("usage: Dataspace.Benchmarks.Protocol [--quick] [--only catalog|negotiation] | --postgres CONNECTION [--prefill N] [--quick]");
    return 2;
}

var root = Directory.CreateTempSubdirectory("protocol-benchmark-").FullName;
try
{
    var rows = new List<Row>();
    var ratios = new List<string>();
    if (only is null or "catalog")
    {
        const int offers = 10_000, open = 5;
        var duration = quick ? TimeSpan.FromSeconds(4) : TimeSpan.FromSeconds(25);
        Console.WriteLine($"catalog: {offers:N0} offers with distinct access policies (claim MembershipCredential.memberId eq m00000..m09999) + {open} open ones");
        var viaStatic = await CatalogBenchmark.RunStaticAsync(root, offers, open, duration);
        var viaDcp = await CatalogBenchmark.RunDcpAsync(root, offers, open, duration);
        rows.AddRange(viaStatic);
        rows.AddRange(viaDcp);
        ratios.Add($"catalog p50, every policy / offer index: {viaStatic[1].Latencies.Percentile(50) / viaStatic[0].Latencies.Percentile(50):F1}x (static token, DSP endpoint), {viaDcp[1].Latencies.Percentile(50) / viaDcp[0].Latencies.Percentile(50):F1}x (DCP member, via its connector)");
    }

    var targets = new List<string>();
    if (only is null or "negotiation")
    {
        const int inFlight = 8;
        var total = quick ? TimeSpan.FromSeconds(3) : TimeSpan.FromSeconds(20);
        var round = quick ? TimeSpan.FromSeconds(1.5) : TimeSpan.FromSeconds(4);
        var warmUp = quick ? 32 : 48;
        var maxWarmUp = quick ? TimeSpan.FromSeconds(30) : TimeSpan.FromSeconds(90);
        Console.WriteLine($"negotiation: request to FINALIZED, {inFlight} in flight and 1 in flight, warm-up batches of {warmUp} until the JIT is quiet (at most {maxWarmUp.TotalSeconds:F0} s), then rounds of {round.TotalSeconds:F1} s in turn, {total.TotalSeconds:F0} s each");
        Console.WriteLine($"  load average before: {LoadAverage()}");
        await using var staticTokens = await Space.StartStaticAsync(root);
        await using var dcp = await Space.StartDcpAsync(root, presentationCacheSeconds: 60);
        await using var dcpUncached = await Space.StartDcpAsync(root, presentationCacheSeconds: 0);
        using var watch = new NegotiationWatch();
        (string Name, Space Space, object Request)[] spaces =
        [
            ("static tokens", staticTokens, await NegotiationBenchmark.WithOfferAsync(staticTokens)),
            ("DCP (presentations cached 60 s)", dcp, await NegotiationBenchmark.WithOfferAsync(dcp)),
            ("DCP (every presentation verified)", dcpUncached, await NegotiationBenchmark.WithOfferAsync(dcpUncached)),
        ];

        // The last row starts each negotiation by offer id alone, so the connector fetches the provider's catalog first.
        var many = await NegotiationBenchmark.RunAsync(
            [.. spaces.Select(s => ($"negotiation, {inFlight} in flight, {s.Name}", s.Space, s.Request)), ($"negotiation, {inFlight} in flight, static tokens, catalog each time", staticTokens, NegotiationBenchmark.ByOfferId(staticTokens))],
            watch, inFlight, warmUp, maxWarmUp, round, total);
        var one = await NegotiationBenchmark.RunAsync([.. spaces.Select(s => ($"negotiation, 1 in flight, {s.Name}", s.Space, s.Request))], watch, 1, warmUp / 4, maxWarmUp, round, total);
        Console.WriteLine($"  load average after: {LoadAverage()}");
        rows.AddRange(many);
        rows.AddRange(one);
        ratios.Add($"negotiations/s: offer inline / catalog fetched each time = {many[0].PerSecond / many[3].PerSecond:F2}x (static tokens, {inFlight} in flight)");
        ratios.Add($"negotiations/s: static tokens / DCP = {many[0].PerSecond / many[1].PerSecond:F2}x (cached), {many[0].PerSecond / many[2].PerSecond:F2}x (uncached)");
        ratios.Add($"negotiation p50 ({inFlight} in flight): DCP / static tokens = {many[1].Latencies.Percentile(50) / many[0].Latencies.Percentile(50):F2}x (cached), {many[2].Latencies.Percentile(50) / many[0].Latencies.Percentile(50):F2}x (uncached)");
        for (var i = 0; i < spaces.Length; i++)
        {
            targets.Add(Target($"{spaces[i].Name}: >= 300 negotiations/s with {inFlight} in flight", many[i].PerSecond!.Value, "/s", many[i].PerSecond >= 300));
            targets.Add(Target($"{spaces[i].Name}: p50 <= 15 ms with 1 in flight", one[i].Latencies.Percentile(50), " ms", one[i].Latencies.Percentile(50) <= 15));
        }
    }

    Console.WriteLine();
    Console.WriteLine($"{"",-64} {"n",7} {"per s",8} {"cpu ms",7} {"commits",7} {"http",5} {"busy",5} {"p50 ms",9} {"p95 ms",9} {"p99 ms",9}");
    foreach (var row in rows)
    {
        var perSecond = row.PerSecond is { } r ? r.ToString("F1", CultureInfo.InvariantCulture) : "";
        var cpu = row.CpuMs is { } c ? c.ToString("F1", CultureInfo.InvariantCulture) : "";
        var commits = row.Commits is { } t ? t.ToString("F1", CultureInfo.InvariantCulture) : "";
        var requests = row.Requests is { } h ? h.ToString("F1", CultureInfo.InvariantCulture) : "";
        var busy = row.BusyWaits is { } b ? b.ToString("F1", CultureInfo.InvariantCulture) : "";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{row.Name,-64} {row.Latencies.Count,7} {perSecond,8} {cpu,7} {commits,7} {requests,5} {busy,5} {row.Latencies.Percentile(50),9:F2} {row.Latencies.Percentile(95),9:F2} {row.Latencies.Percentile(99),9:F2}"));
    }

    if (rows.Any(r => r.CpuMs is not null))
    {
        Console.WriteLine("(cpu ms: this process's CPU time per negotiation, both connectors and the client; " + Environment.ProcessorCount + " cores;"
            + " commits: SQLite write transactions per negotiation, both connectors; http: HTTP requests answered per negotiation, all hosts; busy: sleeps of SQLite's busy handler per negotiation, a writer finding the database locked)");
    }

    Console.WriteLine();
    foreach (var ratio in ratios)
    {
        Console.WriteLine(ratio);
    }

    if (targets.Count > 0)
    {
        Console.WriteLine();
        targets.ForEach(Console.WriteLine);
    }

    return 0;
}
catch (Exception e) when (e is InvalidOperationException or TimeoutException or HttpRequestException)
{
    Console.Error.WriteLine($"benchmark failed: {e.Message}");
    return 1;
}
finally
{
    try
    {
        Directory.Delete(root, recursive: true);
    }
    catch (IOException)
    {
        // A plugin assembly may still be mapped; the OS cleans temp folders.
    }
}

static string Target(string what, double value, string unit, bool met) =>
    string.Create(CultureInfo.InvariantCulture, $"target {what}: {value:F1}{unit} {(met ? "MET" : "NOT MET")}");

// Others may share the machine: the figures only mean something next to its load.
static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
