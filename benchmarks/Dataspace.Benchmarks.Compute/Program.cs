using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Dataspace.Benchmarks.Compute;
using Dataspace.Plugins.Compute.Embedded.Crypto;
using Dataspace.Plugins.Compute.Embedded.Psi;
using Dataspace.Sdk.Compute;
using Dataspace.Sdk.Testing.Compute;

// psi/ecdh:1, both parties in this process over InProcessComputeNetwork, ratios in one run:
//   1. the floor: raw X25519 multiplications per second on one core and on all cores (libsodium, as the component
//      calls it), measured before and after the PSI;
//   2. PSI N x N end to end (half the rows in common), against the floor (4 N multiplications over all cores) and
//      against SecretFlow's published figure (114 s for 10M x 10M on 8 cores, ~22,000 multiplications/s/core);
//   3. peak working set (the sort-merge spills runs of 1M tags, so memory stays bounded at any N).
// Usage: dotnet run -c Release --project benchmarks/Dataspace.Benchmarks.Compute [-- --quick] [--rows N] [--mode cardinality]
//        [--run-capacity N] (tags sorted in memory per spilled run; smaller shows spilling at small N)
const double SecretFlowPerCore = 22_000;
var quick = args.Contains("--quick");
var rows = quick ? 20_000 : 1_000_000;
var mode = "intersection";
var options = new EcdhPsiOptions();
for (var i = 0; i < args.Length - 1; i++)
{
    if (args[i] == "--rows") rows = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
    if (args[i] == "--mode") mode = args[i + 1];
    if (args[i] == "--run-capacity") options = options with { RunCapacity = int.Parse(args[i + 1], CultureInfo.InvariantCulture) };
}
var cores = Environment.ProcessorCount;
Console.WriteLine($"psi/ecdh:1 benchmark: {rows:N0} x {rows:N0}, mode {mode}, {cores} cores, runs of {options.RunCapacity:N0} tags, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}");

// 1. The floor, measured now on this machine: one core alone, then every core at once (what the two parties share).
// The all-core rate is measured again after the PSI and the two averaged, since other load on the machine moves it.
var perCore = MeasureMultiplications(1, quick ? 0.5 : 3);
var allCoresBefore = MeasureMultiplications(cores, quick ? 0.5 : 3);
Console.WriteLine($"X25519 before: {perCore:N0} mult/s on one core, {allCoresBefore:N0} mult/s on {cores} ({allCoresBefore / cores:N0}/core)");

// 2. PSI end to end.
var receiverId = "did:web:bank.example";
var senderId = "did:web:telco.example";
var common = rows / 2;
var release = new ReleasePolicy(new Dictionary<string, IReadOnlySet<string>>
{
    [receiverId] = new HashSet<string> { ReleaseKinds.Intersection, ReleaseKinds.Cardinality },
    [senderId] = new HashSet<string>(),
});
var attributes = new Dictionary<string, JsonElement>
{
    ["mode"] = JsonSerializer.SerializeToElement(mode),
    ["receivers"] = JsonSerializer.SerializeToElement("receiver"),
    ["batch_size"] = JsonSerializer.SerializeToElement(4096),
};
var network = new InProcessComputeNetwork([receiverId, senderId]);
var parties = new List<ComputeParty> { new(receiverId, EcdhPsiComponent.ReceiverRole), new(senderId, EcdhPsiComponent.SenderRole) };
var component = new EcdhPsiComponent(options);
var receiverOutputs = new CountingOutputs(receiverId, release);
var senderOutputs = new CountingOutputs(senderId, release);

GC.Collect();
var before = Process.GetCurrentProcess().PeakWorkingSet64;
var watch = Stopwatch.StartNew();
using var sampler = new PeakSampler();
var results = await Task.WhenAll(
    component.RunAsync(Context(parties[0], Input(0, rows), receiverOutputs), default),
    component.RunAsync(Context(parties[1], Input(rows - common, rows), senderOutputs), default));
var elapsed = watch.Elapsed.TotalSeconds;
sampler.Stop();

var allCoresAfter = MeasureMultiplications(cores, quick ? 0.5 : 3);
var allCores = (allCoresBefore + allCoresAfter) / 2;
var floor = 4.0 * rows / allCores;
Console.WriteLine($"X25519 after: {allCoresAfter:N0} mult/s on {cores} cores; floor for {rows:N0} x {rows:N0}: 4 x {rows:N0} multiplications / {allCores:N0} per s = {floor:0.0} s");

foreach (var result in results)
    if (!result.Succeeded) throw new InvalidOperationException($"PSI failed: {result.Reason}");
var size = receiverOutputs.Values["intersection_size"].GetInt64();
if (size != common || (mode == "intersection" && receiverOutputs.Rows != common))
    throw new InvalidOperationException($"Wrong result: size {size}, rows {receiverOutputs.Rows}, expected {common}.");

var secretFlow = 4.0 * rows / (SecretFlowPerCore * cores);
Console.WriteLine($"PSI {rows:N0} x {rows:N0} ({common:N0} common, verified): {elapsed:0.0} s end to end, {4.0 * rows / elapsed:N0} mult/s in all");
Console.WriteLine($"  ratio to the floor ({floor:0.0} s): {elapsed / floor:0.00}x (goal <= 1.25x); the floor with the one-core rate on every core would be {4.0 * rows / (perCore * cores):0.0} s");
Console.WriteLine($"  ratio to SecretFlow's published 22,000 mult/s/core on {cores} cores ({secretFlow:0.0} s): {elapsed / secretFlow:0.00}x");
Console.WriteLine($"  bytes sent: receiver {network.BytesSent.GetValueOrDefault(receiverId):N0}, sender {network.BytesSent.GetValueOrDefault(senderId):N0}");
Console.WriteLine($"  peak working set: {sampler.Peak / 1048576.0:N0} MiB during the run (process peak {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:N0} MiB, {before / 1048576.0:N0} MiB before)");
return 0;

ComponentContext Context(ComputeParty self, IComputeInput input, IComputeOutputs outputs) => new()
{
    JobId = "bench",
    TaskId = "psi",
    Self = self.ParticipantId,
    Role = self.Role,
    Parties = parties,
    Attributes = attributes,
    Inputs = new Dictionary<string, IComputeInput> { ["input"] = input },
    Outputs = outputs,
    Channel = network.For(self.ParticipantId),
    Release = release,
};

// Rows generated afresh on every read: the input itself takes no memory.
static InMemoryComputeInput Input(int from, int count)
    => new(["customer_id"], () => Enumerable.Range(from, count).Select(i => new[] { "customer-" + i.ToString("D9", CultureInfo.InvariantCulture) }));

static double MeasureMultiplications(int threads, double seconds)
{
    var key = X25519Batch.NewPrivateKey();
    var counts = new long[threads];
    var stop = Stopwatch.StartNew();
    Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
    {
        Span<byte> point = stackalloc byte[32];
        Span<byte> product = stackalloc byte[32];
        X25519Batch.Hash("warm-up-" + t.ToString(CultureInfo.InvariantCulture), point);
        long n = 0;
        while (stop.Elapsed.TotalSeconds < seconds)
        {
            for (var i = 0; i < 64; i++)
            {
                X25519Batch.Multiply(key, point, product);
                product.CopyTo(point);
            }
            n += 64;
        }
        counts[t] = n;
    });
    return counts.Sum() / stop.Elapsed.TotalSeconds;
}
