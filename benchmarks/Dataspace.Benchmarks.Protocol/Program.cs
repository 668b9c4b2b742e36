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
        const int offers = 10_000, open = 5;
        var duration = quick ? TimeSpan.FromSeconds(4) : TimeSpan.FromSeconds(25);
        Console.WriteLine($"catalog: {offers:N0} offers with distinct access policies (claim MembershipCredential.memberId eq m00000..m09999) + {open} open ones");
        var viaStatic = await CatalogBenchmark.RunStaticAsync(root, offers, open, duration);
        var viaDcp = await CatalogBenchmark.RunDcpAsync(root, offers, open, duration);
        rows.AddRange(viaStatic);
        rows.AddRange(viaDcp);
        ratios.Add($"catalog p50, every policy / offer index: {viaStatic[1].Latencies.Percentile(50) / viaStatic[0].Latencies.Percentile(50):F1}x (static token, DSP endpoint), {viaDcp[1].Latencies.Percentile(50) / viaDcp[0].Latencies.Percentile(50):F1}x (DCP member, via its connector)");
    }

    if (only is null or "negotiation")
    {
        const int inFlight = 8;
        var total = quick ? TimeSpan.FromSeconds(3) : TimeSpan.FromSeconds(20);
        var round = quick ? TimeSpan.FromSeconds(1.5) : TimeSpan.FromSeconds(4);
        var warmUp = quick ? 16 : 48;
        Console.WriteLine($"negotiation: request to FINALIZED, {inFlight} in flight, {warmUp} warm-up negotiations each, then rounds of {round.TotalSeconds:F1} s in turn, {total.TotalSeconds:F0} s each");
        await using var staticTokens = await Space.StartStaticAsync(root);
        await using var dcp = await Space.StartDcpAsync(root, presentationCacheSeconds: 60);
        await using var dcpUncached = await Space.StartDcpAsync(root, presentationCacheSeconds: 0);
        var negotiation = await NegotiationBenchmark.RunAsync(
            [
                ("negotiation, static tokens", staticTokens),
                ("negotiation, DCP (presentations cached 60 s)", dcp),
                ("negotiation, DCP (every presentation verified)", dcpUncached),
            ],
            inFlight, warmUp, round, total);
        rows.AddRange(negotiation);
        ratios.Add($"negotiations/s: static tokens / DCP = {negotiation[0].PerSecond / negotiation[1].PerSecond:F2}x (cached), {negotiation[0].PerSecond / negotiation[2].PerSecond:F2}x (uncached)");
        ratios.Add($"negotiation p50: DCP / static tokens = {negotiation[1].Latencies.Percentile(50) / negotiation[0].Latencies.Percentile(50):F2}x (cached), {negotiation[2].Latencies.Percentile(50) / negotiation[0].Latencies.Percentile(50):F2}x (uncached)");
    }

    Console.WriteLine();
    Console.WriteLine($"{"",-56} {"n",7} {"per s",8} {"p50 ms",9} {"p95 ms",9} {"p99 ms",9}");
    foreach (var row in rows)
    {
        var perSecond = row.PerSecond is { } r ? r.ToString("F1", CultureInfo.InvariantCulture) : "";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{row.Name,-56} {row.Latencies.Count,7} {perSecond,8} {row.Latencies.Percentile(50),9:F2} {row.Latencies.Percentile(95),9:F2} {row.Latencies.Percentile(99),9:F2}"));
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
