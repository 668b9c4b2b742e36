using System.Text.Json.Nodes;
using Dataspace.Evidence.Bundles;
using Dataspace.Evidence.Checkpoints;
using Dataspace.Evidence.Entries;
using Dataspace.Evidence.Merkle;
using Dataspace.Sdk.Audit;
using static Dataspace.Evidence.Tests.EvidenceTestData;

namespace Dataspace.Evidence.Tests;

/// <summary>An agreement's bundle is witnessed only by its counter-party's cosignature on a checkpoint covering the agreement entry.</summary>
public sealed class AgreementWitnessTests
{
    private const int AgreementIndex = 5;

    [Fact]
    public async Task Cosigned_by_the_counter_party_on_a_covering_checkpoint_is_witnessed()
    {
        using var provider = new TestIdentity();
        using var consumer = new TestIdentity();
        var (log, data) = AgreementLog(provider, consumer);
        var checkpoint = Sign(log, provider);
        var result = await VerifyAsync(log, data, provider, checkpoint.WithSignature(CheckpointSigner.Cosign(checkpoint, consumer.Key, consumer.KeyName, Time)), []);
        Assert.True(result.IsValid, result.Reason);
        Assert.Null(result.WitnessProblem);
        Assert.Equal("agreement-1", result.AgreementId);
        Assert.Equal(consumer.Did, result.CounterParty);
    }

    [Fact]
    public async Task Without_any_cosignature_the_counter_party_is_named_as_missing()
    {
        using var provider = new TestIdentity();
        using var consumer = new TestIdentity();
        var (log, data) = AgreementLog(provider, consumer);
        var result = await VerifyAsync(log, data, provider, Sign(log, provider), []);
        Assert.True(result.IsValid, result.Reason);
        Assert.Contains(consumer.Did, result.WitnessProblem, StringComparison.Ordinal);
        Assert.Contains("unwitnessed", result.WitnessProblem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cosignature_by_another_did_is_a_mismatched_witness()
    {
        using var provider = new TestIdentity();
        using var consumer = new TestIdentity();
        using var stranger = new TestIdentity();
        var (log, data) = AgreementLog(provider, consumer);
        var checkpoint = Sign(log, provider);
        var result = await VerifyAsync(log, data, provider, checkpoint.WithSignature(CheckpointSigner.Cosign(checkpoint, stranger.Key, stranger.KeyName, Time)), []);
        Assert.True(result.IsValid, result.Reason);
        Assert.Contains($"counter-party {consumer.Did}", result.WitnessProblem, StringComparison.Ordinal);
        Assert.Contains($"co-signed by {stranger.Did} instead (mismatched witness)", result.WitnessProblem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_counter_party_cosignature_on_an_earlier_checkpoint_counts_only_when_it_covers_the_agreement()
    {
        using var provider = new TestIdentity();
        using var consumer = new TestIdentity();
        var (log, data) = AgreementLog(provider, consumer);
        SignedCheckpoint Cosigned(long size)
        {
            var earlier = Sign(log, provider, size);
            return earlier.WithSignature(CheckpointSigner.Cosign(earlier, consumer.Key, consumer.KeyName, Time));
        }

        var covering = await VerifyAsync(log, data, provider, Sign(log, provider), [Cosigned(AgreementIndex + 1)]);
        Assert.True(covering.IsValid, covering.Reason);
        Assert.Null(covering.WitnessProblem);

        var before = await VerifyAsync(log, data, provider, Sign(log, provider), [Cosigned(AgreementIndex)]);
        Assert.True(before.IsValid, before.Reason);
        Assert.Contains($"agreement entry {AgreementIndex}", before.WitnessProblem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bundle_of_another_query_needs_no_witness_and_one_without_the_agreement_entry_says_so()
    {
        using var provider = new TestIdentity();
        using var consumer = new TestIdentity();
        var (log, data) = AgreementLog(provider, consumer);
        var byTime = await VerifyAsync(log, data, provider, Sign(log, provider), [], new JsonObject { ["from"] = "2026-01-01T00:00:00Z", ["to"] = "2027-01-01T00:00:00Z" });
        Assert.True(byTime.IsValid, byTime.Reason);
        Assert.Null(byTime.WitnessProblem);

        var withoutAgreement = await VerifyAsync(log, data, provider, Sign(log, provider), [], indexes: [0, 7]);
        Assert.Contains("holds no 'agreement' entry", withoutAgreement.WitnessProblem, StringComparison.Ordinal);
    }

    private static (MemoryMerkleLog Log, List<byte[]> Data) AgreementLog(TestIdentity provider, TestIdentity consumer)
    {
        var log = new MemoryMerkleLog(Sha256TreeHasher.Instance);
        var data = new List<byte[]>();
        for (var i = 0; i < 12; i++)
        {
            var record = i == AgreementIndex
                ? new AuditRecord { Type = AuditRecordTypes.Agreement, Actor = provider.Did, CounterParty = consumer.Did, AgreementId = "agreement-1", Digest = $"sha256:{i:x64}" }
                : Record(i);
            data.Add(AuditEntryCodec.Encode(record, Time.AddMilliseconds(i)));
            log.AppendData(data[^1]);
        }

        return (log, data);
    }

    private static async Task<EvidenceBundleVerification> VerifyAsync(
        MemoryMerkleLog log, List<byte[]> data, TestIdentity owner, SignedCheckpoint checkpoint, IReadOnlyList<SignedCheckpoint> earlier, JsonObject? query = null, long[]? indexes = null)
    {
        var bundle = await EvidenceBundleBuilder.BuildAsync(
            new EvidenceBundleRequest
            {
                Tree = log.Tree,
                Checkpoint = checkpoint,
                LogKeyName = owner.KeyName,
                Entries = (indexes ?? [0, AgreementIndex, 7]).Select(i => (i, data[(int)i])).ToList(),
                EarlierCheckpoints = earlier,
                DidDocuments = [owner.Document],
                Query = query ?? new JsonObject { ["agreement"] = "agreement-1" },
                ExporterKey = owner.Key,
                ExporterKeyName = owner.KeyName,
                ExportedAt = Time.AddHours(1),
            },
            default);
        return await VerifyBytesAsync(await BytesAsync(bundle));
    }
}
