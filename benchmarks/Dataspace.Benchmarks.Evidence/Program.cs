using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Dataspace.Evidence.Bundles;
using Dataspace.Evidence.Checkpoints;
using Dataspace.Evidence.Entries;
using Dataspace.Evidence.Merkle;
using Dataspace.Identity.Dids;
using Dataspace.Identity.Jose;
using Dataspace.Sdk.Audit;

// Evidence figures, one run: inclusion-proof generation at 10 million entries and verification of a 1,000-entry bundle.
// The tree is held in memory (MemoryMerkleLog); the figure over the SQLite store is the append benchmark's.
// Usage: dotnet run -c Release --project benchmarks/Dataspace.Benchmarks.Evidence [-- entries [hash]]
var entries = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 10_000_000;
var hasher = TreeHashers.Get(args.Length > 1 ? args[1] : TreeHashers.Sha256);
Console.WriteLine($"Evidence, {hasher.Name} ({Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription})");

// 1. Inclusion proofs at 10 million entries. Leaf hashes come from a counter (no entry data), interior nodes are real.
var build = Stopwatch.StartNew();
var log = new MemoryMerkleLog(hasher);
var leaf = new byte[hasher.HashSize];
for (long i = 0; i < entries; i++)
{
    BinaryPrimitives.WriteInt64BigEndian(leaf, i);
    log.AppendLeafHash(leaf);
}

Console.WriteLine($"built a tree of {entries:N0} leaves in {build.Elapsed.TotalSeconds:0.0} s ({entries / build.Elapsed.TotalSeconds:N0} appends/s, in memory)");
var root = log.Root();
var random = new Random(9162);
for (var i = 0; i < 2_000; i++)
{
    await log.Tree.InclusionProofAsync(random.NextInt64(entries), entries, default);
}

// Hashes per proof, counted once: stored levels every 8 mean up to 255 recomputed hashes per band of 8 levels.
var counting = new CountingHasher(hasher);
var countingTree = new MerkleTree(counting, log);
for (var i = 0; i < 100; i++)
{
    await countingTree.InclusionProofAsync(random.NextInt64(entries), entries, default);
}

var hashesPerProof = counting.Count / 100;
const int Samples = 20_000;
var times = new double[Samples];
var check = Stopwatch.StartNew();
for (var i = 0; i < Samples; i++)
{
    var index = random.NextInt64(entries);
    var start = Stopwatch.GetTimestamp();
    var proof = await log.Tree.InclusionProofAsync(index, entries, default);
    times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    if (i % 1000 == 0)
    {
        BinaryPrimitives.WriteInt64BigEndian(leaf, index);
        if (!MerkleVerifier.VerifyInclusion(hasher, index, entries, leaf, proof, root))
        {
            Console.Error.WriteLine($"The proof of leaf {index} does not verify.");
            return 1;
        }
    }
}

Array.Sort(times);
var p50 = times[Samples / 2];
var p99 = times[(int)(Samples * 0.99)];
Console.WriteLine($"inclusion proof at {entries:N0} entries: p50 {p50:0.000} ms, p99 {p99:0.000} ms, max {times[^1]:0.000} ms ({Samples:N0} random leaves; {hashesPerProof:N0} hashes per proof on average)");
Console.WriteLine($"  machine load average at the end: {LoadAverage()} (wall-clock percentiles include time the OS gives to other processes)");

// 2. A 1,000-entry bundle (codec entries spread over a 100,000-entry log, a witness cosignature, did:web documents).
using var owner = SigningKey.Generate(JwsAlgorithms.ES256);
using var witness = SigningKey.Generate(JwsAlgorithms.EdDSA);
const string OwnerDid = "did:web:provider.example";
var ownerKey = OwnerDid + "#key-1";
var witnessKey = DidKeyResolver.CreateKeyId(witness.PublicJwk);
var bundleLog = new MemoryMerkleLog(hasher);
var data = new List<byte[]>();
var time = new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);
for (var i = 0; i < 100_000; i++)
{
    data.Add(AuditEntryCodec.Encode(
        new AuditRecord
        {
            Type = AuditRecordTypes.DataAccess,
            Actor = "did:web:consumer.example",
            CounterParty = OwnerDid,
            ProcessId = $"transfer-{i % 977}",
            AgreementId = $"agreement-{i % 100}",
            Digest = "sha256:" + Convert.ToHexStringLower(BitConverter.GetBytes((long)i)).PadLeft(64, '0'),
            Details = new JsonObject { ["bytes"] = i * 10 },
        },
        time.AddMilliseconds(i)));
    bundleLog.AppendData(data[^1]);
}

var signed = CheckpointSigner.Sign(new Checkpoint { Origin = "provider.example/audit", Size = bundleLog.Size, Root = bundleLog.Root() }, owner, ownerKey);
signed = signed.WithSignature(CheckpointSigner.Cosign(signed, witness, witnessKey, time.AddDays(1)));
var ownerDocument = new DidDocument
{
    Id = OwnerDid,
    VerificationMethods = [new VerificationMethod { Id = ownerKey, Type = "JsonWebKey2020", Controller = OwnerDid, PublicKey = owner.PublicJwk }],
}.ToJson().ToJsonString();
var bundle = await EvidenceBundleBuilder.BuildAsync(
    new EvidenceBundleRequest
    {
        Tree = bundleLog.Tree,
        Checkpoint = signed,
        LogKeyName = ownerKey,
        Entries = Enumerable.Range(0, 1000).Select(i => ((long)i * 100, data[i * 100])).ToList(),
        DidDocuments = [ownerDocument, DidKeyResolver.Expand(DidKeyResolver.CreateDid(witness.PublicJwk), out _)!.ToJson().ToJsonString()],
        Query = new JsonObject { ["from"] = "2026-12-07T00:00:00Z", ["to"] = "2026-12-08T00:00:00Z" },
        ExporterKey = owner,
        ExporterKeyName = ownerKey,
        ExportedAt = time.AddDays(1),
    },
    default);
using var file = new MemoryStream();
await bundle.WriteAsync(file, default);
var bytes = file.ToArray();

var gen2Start = GC.CollectionCount(2);
var runs = new List<double>();
var reads = new List<double>();
var cpu = new List<double>();
for (var i = 0; i < 21; i++)
{
    var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
    var start = Stopwatch.GetTimestamp();
    var read = await EvidenceBundle.ReadAsync(new MemoryStream(bytes), default);
    reads.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
    var result = EvidenceBundleVerifier.Verify(read);
    runs.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
    cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalMilliseconds);
    if (!result.IsValid)
    {
        Console.Error.WriteLine($"The benchmark bundle does not verify: {result.Reason}");
        return 1;
    }
}

var gen2 = GC.CollectionCount(2) - gen2Start;
var parseOnly = Stopwatch.StartNew();
for (var i = 0; i < 10; i++)
{
    using var doc = System.Text.Json.JsonDocument.Parse(bytes);
}

var parseMs = parseOnly.Elapsed.TotalMilliseconds / 10;
var writeOnly = Stopwatch.StartNew();
for (var i = 0; i < 10; i++)
{
    await bundle.WriteAsync(new MemoryStream(), default);
}

Console.WriteLine($"  JSON parse alone {parseMs:0.0} ms, bundle write alone {writeOnly.Elapsed.TotalMilliseconds / 10:0.0} ms, gen2 collections during the runs {gen2}");
reads.Sort();
cpu.Sort();
Console.WriteLine($"  of which reading (bounded, canonical form checked): median {reads[reads.Count / 2]:0.0} ms; process CPU time per run: median {cpu[cpu.Count / 2]:0.0} ms");

var first = runs[0];
runs.Sort();
Console.WriteLine($"verify a 1,000-entry bundle ({bytes.Length / 1024.0:N0} KiB, read + verify): first run {first:0.0} ms, median {runs[runs.Count / 2]:0.0} ms, max {runs[^1]:0.0} ms");
Console.WriteLine($"targets: inclusion proof p99 < 1 ms at {entries:N0} entries {(p99 < 1 ? "met" : "NOT met")}; 1,000-entry bundle verification < 100 ms {(runs[runs.Count / 2] < 100 ? "met" : "NOT met")} (median; first run {(first < 100 ? "met" : "NOT met")})");
return 0;

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

/// <summary>Counts the hashes a proof needs, to explain its cost.</summary>
internal sealed class CountingHasher(ITreeHasher inner) : ITreeHasher
{
    public long Count { get; private set; }

    public string Name => inner.Name;

    public int HashSize => inner.HashSize;

    public ReadOnlySpan<byte> EmptyRoot => inner.EmptyRoot;

    public void HashLeaf(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        Count++;
        inner.HashLeaf(data, destination);
    }

    public void HashChildren(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        Count++;
        inner.HashChildren(left, right, destination);
    }
}
