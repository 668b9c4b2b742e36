using System.Text;
using Dataspace.Evidence.Bundles;
using Dataspace.Evidence.Checkpoints;
using Dataspace.Identity.Jose;
using static Dataspace.Evidence.Tests.EvidenceTestData;

namespace Dataspace.Evidence.Tests;

public sealed class EvidenceBundleTests
{
    [Fact]
    public async Task A_built_bundle_round_trips_and_verifies()
    {
        using var owner = new TestIdentity(webHost: "provider.example");
        var (log, data) = Log(300);
        var bundle = await BundleAsync(log, data, owner, [0, 7, 150, 299]);
        var bytes = await BytesAsync(bundle);

        var result = await VerifyBytesAsync(bytes);
        Assert.True(result.IsValid, result.Reason);
        Assert.Equal(4, result.EntryCount);
        Assert.Equal(300, result.Checkpoint!.Size);
        Assert.Equal(owner.KeyName, result.Exporter);
        Assert.Contains(result.Notes, n => n.Contains("did:web:provider.example", StringComparison.Ordinal));
        Assert.Equal(bytes, await BytesAsync(await EvidenceBundle.ReadAsync(new MemoryStream(bytes), default)));
    }

    [Fact]
    public async Task Witness_cosignatures_and_earlier_checkpoints_verify()
    {
        using var owner = new TestIdentity();
        using var witness = new TestIdentity(JwsAlgorithms.EdDSA);
        var (log, data) = Log(40);
        var earlier = Sign(log, owner, 25);
        earlier = earlier.WithSignature(CheckpointSigner.Cosign(earlier, witness.Key, witness.KeyName, Time));
        var latest = Sign(log, owner);
        latest = latest.WithSignature(CheckpointSigner.Cosign(latest, witness.Key, witness.KeyName, Time.AddMinutes(1)));
        var bundle = await BundleAsync(log, data, owner, [3, 24, 39], latest, [earlier], [witness]);

        var result = await VerifyBytesAsync(await BytesAsync(bundle));
        Assert.True(result.IsValid, result.Reason);
        Assert.Equal([witness.KeyName], result.Witnesses);
    }

    [Fact]
    public async Task An_sm3_log_bundle_verifies_and_names_its_hash()
    {
        using var owner = new TestIdentity(JwsAlgorithms.EdDSA);
        var (log, data) = Log(70, Hashing.Sm3TreeHasher.Instance);
        var bundle = await BundleAsync(log, data, owner, [0, 33, 69]);
        Assert.Equal("sm3", bundle.HashAlgorithm);
        var result = await VerifyBytesAsync(await BytesAsync(bundle));
        Assert.True(result.IsValid, result.Reason);

        // The same entries proven with SHA-256 paths would not verify: the hash is part of the evidence.
        var relabelled = new EvidenceBundle
        {
            HashAlgorithm = "sha256",
            LogKeyName = bundle.LogKeyName,
            Checkpoint = bundle.Checkpoint,
            Entries = bundle.Entries,
            DidDocuments = bundle.DidDocuments,
            Manifest = bundle.Manifest,
        };
        Assert.False((await VerifyBytesAsync(await BytesAsync(relabelled))).IsValid);
    }

    [Fact]
    public async Task A_did_key_document_that_does_not_match_its_did_is_refused()
    {
        using var owner = new TestIdentity();
        using var other = new TestIdentity();
        var (log, data) = Log(10);
        var bundle = await BundleAsync(log, data, owner, [1]);
        var swapped = new EvidenceBundle
        {
            HashAlgorithm = bundle.HashAlgorithm,
            LogKeyName = bundle.LogKeyName,
            Checkpoint = bundle.Checkpoint,
            Entries = bundle.Entries,
            DidDocuments = [bundle.DidDocuments[0].Replace(owner.Key.PublicJwk.X!, other.Key.PublicJwk.X!, StringComparison.Ordinal)],
            Manifest = bundle.Manifest,
        };
        var result = await VerifyBytesAsync(await BytesAsync(swapped));
        Assert.False(result.IsValid);
        Assert.Contains("does not match the key the DID encodes", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signature_line_by_a_key_the_bundle_cannot_check_is_refused()
    {
        using var owner = new TestIdentity();
        using var stranger = new TestIdentity(webHost: "stranger.example");
        var (log, data) = Log(10);
        var checkpoint = Sign(log, owner);
        checkpoint = checkpoint.WithSignature(CheckpointSigner.Cosign(checkpoint, stranger.Key, stranger.KeyName, Time));
        var result = await VerifyBytesAsync(await BytesAsync(await BundleAsync(log, data, owner, [1], checkpoint)));
        Assert.False(result.IsValid);
        Assert.Contains("cannot be checked", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reader_refuses_a_bundle_over_the_size_limit()
    {
        using var owner = new TestIdentity();
        var (log, data) = Log(10);
        var bytes = await BytesAsync(await BundleAsync(log, data, owner, [1, 2]));
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => EvidenceBundle.ReadAsync(new MemoryStream(bytes), new EvidenceBundleLimits { MaxBundleBytes = bytes.Length - 1 }, default));
        Assert.Contains("larger than the limit", e.Message, StringComparison.Ordinal);
        var tooMany = await Assert.ThrowsAsync<InvalidDataException>(() => EvidenceBundle.ReadAsync(new MemoryStream(bytes), new EvidenceBundleLimits { MaxEntries = 1 }, default));
        Assert.Contains("at most 1", tooMany.Message, StringComparison.Ordinal);
        var garbage = await Assert.ThrowsAsync<InvalidDataException>(() => EvidenceBundle.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes("{\"format\":\"other\"}")), default));
        Assert.Contains("format", garbage.Message, StringComparison.Ordinal);
    }
}
