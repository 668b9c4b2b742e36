using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using Dataspace.Plugins.Compute.Embedded.Aggregation;
using Dataspace.Plugins.Compute.Embedded.Crypto;
using Dataspace.Sdk.Testing.Compute;

// Secure sum figures, one run. (1) Masking per party per round: the self mask and the n−1 pairwise masks (X25519
// agreement + PRG expansion + add) over a vector of `parameters` elements, as a client does in round 2; the goal is at
// most 50 ms for 1M parameters and 20 parties. (2) A whole protocol run of every party in this process.
// Usage: dotnet run -c Release --project benchmarks/Dataspace.Benchmarks.SecureSum [-- parameters parties]
var parameters = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
var parties = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
const double GoalMs = 50;
Console.WriteLine($"Secure sum, {parameters:N0} parameters, {parties} parties ({Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, AES-NI {System.Runtime.Intrinsics.X86.Aes.IsSupported}, Vector<byte> {Vector<byte>.Count} bytes)");

Mask<uint>("mod 2^32");
Mask<ulong>("mod 2^64");
await WholeRunAsync();

void Mask<T>(string label) where T : unmanaged, IBinaryInteger<T>
{
    var vector = new T[parameters];
    var (secret, _) = X25519.Generate();
    var peers = Enumerable.Range(0, parties - 1).Select(_ => X25519.Generate().Public).ToArray();
    var selfSeed = RandomNumberGenerator.GetBytes(32);
    var info = "benchmark"u8.ToArray();
    var seed = new byte[32];
    var times = new List<double>();
    var cpu = new List<double>();
    for (var round = 0; round < 6; round++)
    {
        var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        MaskPrg.Accumulate<T>(selfSeed, vector, subtract: false);
        for (var p = 0; p < peers.Length; p++)
        {
            if (!X25519.TryAgree(secret, peers[p], info, seed)) throw new InvalidOperationException("agreement failed");
            MaskPrg.Accumulate<T>(seed, vector, subtract: (p & 1) == 1);
        }
        watch.Stop();
        if (round == 0) continue; // the first round warms up the JIT
        times.Add(watch.Elapsed.TotalMilliseconds);
        cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalMilliseconds);
    }
    var median = times.Order().ElementAt(times.Count / 2);
    var bytes = (double)parameters * System.Runtime.InteropServices.Marshal.SizeOf<T>() * parties;
    var cpuMedian = cpu.Order().ElementAt(cpu.Count / 2);
    // Wall time suffers when other processes share the cores; CPU time is what the masking itself costs.
    Console.WriteLine($"masking per party per round, {label}: wall median {median:0.0} ms (min {times.Min():0.0}), CPU median {cpuMedian:0.0} ms, for {parties} masks = {bytes / cpuMedian / 1e6:0.00} GB/s of keystream per CPU; goal {GoalMs} ms -> ratio {median / GoalMs:0.00} wall, {cpuMedian / GoalMs:0.00} CPU (machine load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]})");
}

async Task WholeRunAsync()
{
    var clients = Enumerable.Range(0, parties).Select(i => $"did:web:client{i}").ToList();
    var options = new SecureAggregationOptions("bench", "task", "ss", clients, parameters, parties / 2 + 1, 3, TimeSpan.FromMinutes(5));
    var network = new InProcessComputeNetwork([.. clients, "did:web:aggregator"]);
    var vectors = clients.Select((_, c) => Enumerable.Range(0, parameters).Select(i => (uint)(i + c)).ToArray()).ToList();
    var watch = Stopwatch.StartNew();
    var server = Task.Run(() => SecureAggregationServer<uint>.RunAsync(network.For("did:web:aggregator"), options, TimeProvider.System, null, CancellationToken.None));
    await Task.WhenAll(clients.Select((c, i) => Task.Run(() => SecureAggregationClient<uint>.RunAsync(network.For(c), "did:web:aggregator", c, options, vectors[i], CancellationToken.None))));
    var result = await server;
    watch.Stop();
    for (var i = 0; i < parameters; i += 9973)
    {
        var expected = 0u;
        foreach (var v in vectors) expected += v[i];
        if (result.Sum[i] != expected) throw new InvalidOperationException($"wrong sum at {i}");
    }
    Console.WriteLine($"whole run, mod 2^32, all {parties} clients and the aggregator in this process on {Environment.ProcessorCount} cores: {watch.Elapsed.TotalSeconds:0.00} s (sum checked), {network.BytesSent.Values.Sum() / 1e6:N0} MB sent");
}
