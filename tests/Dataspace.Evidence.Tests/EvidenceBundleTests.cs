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
