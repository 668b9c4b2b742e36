// Protocol benchmarks on loopback: catalog latency with 10,000 offers (offer index against evaluating every access
// policy), and full negotiations per second with latency percentiles (DCP against static tokens). Side by side in one
// run; ratios, not absolute figures, are what carries from one machine to another.
using System.Globalization;
using Dataspace.Benchmarks.Protocol;

var quick = args.Contains("--quick");
var onlyAt = Array.IndexOf(args, "--only");
var only = onlyAt >= 0 && onlyAt + 1 < args.Length ? args[onlyAt + 1] : null;
var known = new[] { "--quick", "--only", "catalog", "negotiation" };
if (args.FirstOrDefault(a => !known.Contains(a)) is { } unknown || (onlyAt >= 0 && only is not ("catalog" or "negotiation")))
{
    Console.Error.WriteLine("usage: Dataspace.Benchmarks.Protocol [--quick] [--only catalog|negotiation]");
    return 2;
}

var root = Directory.CreateTempSubdirectory("protocol-benchmark-").FullName;
try
{
    var rows = new List<Row>();
    var ratios = new List<string>();
    if (only is null or "catalog")
    {
        Console.WriteLine("catalog: 10,000 offers with distinct access policies + 5 open ones; static-token requester seeing the 5 open ones");
        var catalog = await CatalogBenchmark.RunAsync(root, offers: 10_000, openOffers: 5, quick ? TimeSpan.FromSeconds(8) : TimeSpan.FromSeconds(45));
        rows.AddRange(catalog);
        ratios.Add($"catalog p50: every policy evaluated / offer index = {catalog[1].Latencies.Percentile(50) / catalog[0].Latencies.Percentile(50):F1}x");
    }

    if (only is null or "negotiation")
    {
        const int inFlight = 8;
        var duration = quick ? TimeSpan.FromSeconds(4) : TimeSpan.FromSeconds(25);
        var warmUp = quick ? 16 : 48;
        Console.WriteLine($"negotiation: request to FINALIZED, {inFlight} in flight, {warmUp} warm-up negotiations, {duration.TotalSeconds:F0} s each");
        Row staticTokens, dcp;
        await using (var space = await Space.StartStaticAsync(root))
        {
            staticTokens = await NegotiationBenchmark.RunAsync("negotiation, static tokens", space, inFlight, warmUp, duration);
        }

        await using (var space = await Space.StartDcpAsync(root))
        {
            dcp = await NegotiationBenchmark.RunAsync("negotiation, DCP (did:web, membership VC)", space, inFlight, warmUp, duration);
        }

        rows.Add(staticTokens);
        rows.Add(dcp);
        ratios.Add($"negotiations/s: static tokens / DCP = {staticTokens.PerSecond / dcp.PerSecond:F2}x; p50 latency: DCP / static tokens = {dcp.Latencies.Percentile(50) / staticTokens.Latencies.Percentile(50):F2}x");
    }

    Console.WriteLine();
    Console.WriteLine($"{"",-48} {"n",7} {"per s",8} {"p50 ms",9} {"p95 ms",9} {"p99 ms",9}");
    foreach (var row in rows)
    {
        var perSecond = row.PerSecond is { } r ? r.ToString("F1", CultureInfo.InvariantCulture) : "";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{row.Name,-48} {row.Latencies.Count,7} {perSecond,8} {row.Latencies.Percentile(50),9:F2} {row.Latencies.Percentile(95),9:F2} {row.Latencies.Percentile(99),9:F2}"));
    }

    Console.WriteLine();
    foreach (var ratio in ratios)
    {
        Console.WriteLine(ratio);
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
