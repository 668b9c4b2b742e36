using Dataspace.Evidence.Bundles;
using Dataspace.Evidence.Checkpoints;
using Dataspace.Identity.Jose;
using static Dataspace.Evidence.Tests.EvidenceTestData;

namespace Dataspace.Evidence.Tests;

/// <summary>Tampering with a real bundle (file bytes or content) is detected, naming the first bad entry where an entry is at fault.</summary>
public sealed class EvidenceBundleTamperTests
{
    private static readonly long[] Indexes = [0, 3, 4, 9, 10, 17, 31, 32, 33, 47];

    [Fact]
    public async Task Any_flipped_bit_anywhere_in_the_file_is_detected()
    {
        using var owner = new TestIdentity(webHost: "provider.example");
        using var witness = new TestIdentity(JwsAlgorithms.EdDSA);
        var bytes = await BytesAsync(await WitnessedBundleAsync(owner, witness));
        Assert.True((await VerifyBytesAsync(bytes)).IsValid);

        // Every position for the first and last kilobyte, and a spread of positions across the rest, each with every bit.
        var random = new Random(15);
        var positions = Enumerable.Range(0, 1024).Concat(Enumerable.Range(bytes.Length - 1024, 1024))
            .Concat(Enumerable.Range(0, 600).Select(_ => random.Next(bytes.Length)))
            .Distinct();
        foreach (var position in positions)
        {
            foreach (var bit in new[] { 0, 2, 5 })
            {
                var copy = (byte[])bytes.Clone();
                copy[position] ^= (byte)(1 << bit);
                var result = await VerifyBytesAsync(copy);
                Assert.False(result.IsValid, $"a flip of bit {bit} at byte {position} ('{(char)bytes[position]}') went unnoticed");
            }
        }
    }

    [Fact]
    public async Task A_truncated_file_is_unreadable()
    {
        using var owner = new TestIdentity();
        var (log, data) = Log(50);
        var bytes = await BytesAsync(await BundleAsync(log, data, owner, Indexes));
        for (var length = 0; length < bytes.Length; length += Math.Max(1, bytes.Length / 300))
        {
            var result = await VerifyBytesAsync(bytes[..length]);
            Assert.False(result.IsValid, $"truncated to {length} bytes");
            Assert.StartsWith("unreadable", result.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_dropped_entry_is_named()
    {
        using var owner = new TestIdentity();
        var (log, data) = Log(50);
        var bundle = await BundleAsync(log, data, owner, Indexes);
        var tampered = With(bundle, [.. bundle.Entries.Where(e => e.Index != 17)]);
        var result = await VerifyBytesAsync(await BytesAsync(tampered));
        Assert.False(result.IsValid);
        Assert.Equal(17, result.FirstBadEntry);
        Assert.Contains("dropped", result.Reason, StringComparison.Ordinal);

        var last = With(bundle, [.. bundle.Entries.Take(bundle.Entries.Count - 1)]);
        Assert.Equal(47, (await VerifyBytesAsync(await BytesAsync(last))).FirstBadEntry);
    }

    [Fact]
    public async Task Reordered_entries_are_named()
    {
        using var owner = new TestIdentity();
        var (log, data) = Log(50);
        var bundle = await BundleAsync(log, data, owner, Indexes);
        var entries = bundle.Entries.ToList();
        (entries[4], entries[6]) = (entries[6], entries[4]);
        var result = await VerifyBytesAsync(await BytesAsync(With(bundle, entries)));
        Assert.False(result.IsValid);
        Assert.Equal(10, result.FirstBadEntry);
        Assert.Contains("reordered", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_added_or_altered_entry_is_named()
    {
        using var owner = new TestIdentity();
        var (log, data) = Log(50);
        var bundle = await BundleAsync(log, data, owner, Indexes);
        var proof = await log.Tree.InclusionProofAsync(20, 50, default);
        var added = With(bundle, [.. bundle.Entries.Take(6), new BundleEntry(20, data[20], proof), .. bundle.Entries.Skip(6)]);
        var result = await VerifyBytesAsync(await BytesAsync(added));
        Assert.Equal(20, result.FirstBadEntry);
        Assert.Contains("added", result.Reason, StringComparison.Ordinal);

        var entries = bundle.Entries.ToList();
        var altered = (byte[])entries[3].Data.Clone();
        altered[^3] ^= 1;
        entries[3] = entries[3] with { Data = altered };
        result = await VerifyBytesAsync(await BytesAsync(With(bundle, entries)));
        Assert.Equal(9, result.FirstBadEntry);
        Assert.Contains("altered", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forged_checkpoint_is_detected()
    {
        using var owner = new TestIdentity(webHost: "provider.example");
        using var forger = new TestIdentity();
        var (log, data) = Log(50);

        // Signed by another key under the log's key name: the bundle is otherwise well made (the manifest covers it).
        var forged = CheckpointSigner.Sign(Sign(log, owner).Checkpoint, forger.Key, owner.KeyName);
        var result = await VerifyBytesAsync(await BytesAsync(await BundleAsync(log, data, owner, Indexes, forged)));
        Assert.False(result.IsValid);
        Assert.Null(result.FirstBadEntry);
        Assert.Contains("forged", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mismatched_witness_is_detected()
    {
        using var owner = new TestIdentity();
        using var witness = new TestIdentity();
        var (log, data) = Log(50);
        var checkpoint = Sign(log, owner);

        // The witness cosigned another tree head (a split view: same size, other root); its line is moved onto this one.
        var other = CheckpointSigner.Sign(checkpoint.Checkpoint with { Root = new byte[32] }, owner.Key, owner.KeyName);
        var line = CheckpointSigner.Cosign(other, witness.Key, witness.KeyName, Time);
        var result = await VerifyBytesAsync(await BytesAsync(await BundleAsync(log, data, owner, Indexes, checkpoint.WithSignature(line), others: [witness])));
        Assert.False(result.IsValid);
        Assert.Contains("mismatched witness", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_inconsistent_earlier_checkpoint_is_detected()
    {
        using var owner = new TestIdentity();
        var (log, data) = Log(50);
        var bundle = await BundleAsync(log, data, owner, Indexes, earlier: [Sign(log, owner, 20)]);
        var proof = bundle.EarlierCheckpoints[0].ConsistencyProof.ToList();
        proof[0] = (byte[])proof[0].Clone();
        proof[0][0] ^= 1;
        var tampered = new EvidenceBundle
        {
            HashAlgorithm = bundle.HashAlgorithm,
            LogKeyName = bundle.LogKeyName,
            Checkpoint = bundle.Checkpoint,
            EarlierCheckpoints = [bundle.EarlierCheckpoints[0] with { ConsistencyProof = proof }],
            Entries = bundle.Entries,
            DidDocuments = bundle.DidDocuments,
            Manifest = bundle.Manifest,
        };
        var result = await VerifyBytesAsync(await BytesAsync(tampered));
        Assert.False(result.IsValid);
        Assert.Contains("not consistent", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_bundles_proofs_pass_an_independent_rfc_9162_verifier_and_its_leaves_rebuild_the_root()
    {
        using var owner = new TestIdentity();
        var (log, data) = Log(37);
        var all = Enumerable.Range(0, 37).Select(i => (long)i).ToList();
        var bundle = await EvidenceBundle.ReadAsync(new MemoryStream(await BytesAsync(await BundleAsync(log, data, owner, all, earlier: [Sign(log, owner, 13)]))), default);
        var checkpoint = SignedCheckpoint.Parse(bundle.Checkpoint).Checkpoint;

        Assert.Equal(checkpoint.Root, IndependentRfc9162.Root(bundle.Entries.Select(e => e.Data).ToList()));
        foreach (var entry in bundle.Entries)
        {
            var leaf = System.Security.Cryptography.SHA256.HashData([0x00, .. entry.Data]);
            Assert.True(IndependentRfc9162.VerifyInclusion(entry.Index, checkpoint.Size, leaf, entry.InclusionProof, checkpoint.Root), $"entry {entry.Index}");
        }

        var earlier = SignedCheckpoint.Parse(bundle.EarlierCheckpoints[0].Note).Checkpoint;
        Assert.Equal(earlier.Root, IndependentRfc9162.Root(bundle.Entries.Take(13).Select(e => e.Data).ToList()));
        Assert.True(IndependentRfc9162.VerifyConsistency(13, 37, earlier.Root, checkpoint.Root, bundle.EarlierCheckpoints[0].ConsistencyProof));
    }

    private static async Task<EvidenceBundle> WitnessedBundleAsync(TestIdentity owner, TestIdentity witness)
    {
        var (log, data) = Log(50);
        var earlier = Sign(log, owner, 30);
        earlier = earlier.WithSignature(CheckpointSigner.Cosign(earlier, witness.Key, witness.KeyName, Time));
        var latest = Sign(log, owner);
        latest = latest.WithSignature(CheckpointSigner.Cosign(latest, witness.Key, witness.KeyName, Time.AddSeconds(5)));
        return await BundleAsync(log, data, owner, Indexes, latest, [earlier], [witness]);
    }

    private static EvidenceBundle With(EvidenceBundle bundle, IReadOnlyList<BundleEntry> entries) => new()
    {
        HashAlgorithm = bundle.HashAlgorithm,
        LogKeyName = bundle.LogKeyName,
        Checkpoint = bundle.Checkpoint,
        EarlierCheckpoints = bundle.EarlierCheckpoints,
        Entries = entries,
        DidDocuments = bundle.DidDocuments,
        Manifest = bundle.Manifest,
    };
}
