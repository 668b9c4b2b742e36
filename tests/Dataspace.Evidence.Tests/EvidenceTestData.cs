using System.Text.Json.Nodes;
using Dataspace.Evidence.Bundles;
using Dataspace.Evidence.Checkpoints;
using Dataspace.Evidence.Entries;
using Dataspace.Evidence.Merkle;
using Dataspace.Identity.Dids;
using Dataspace.Identity.Jose;
using Dataspace.Sdk.Audit;

namespace Dataspace.Evidence.Tests;

/// <summary>A signer with a DID: did:key by default, or did:web with its document as a bundle would carry it.</summary>
internal sealed class TestIdentity : IDisposable
{
    public TestIdentity(string algorithm = JwsAlgorithms.ES256, string? webHost = null)
    {
        Key = SigningKey.Generate(algorithm);
        if (webHost is null)
        {
            Did = DidKeyResolver.CreateDid(Key.PublicJwk);
            KeyName = DidKeyResolver.CreateKeyId(Key.PublicJwk);
            Document = DidKeyResolver.Expand(Did, out _)!.ToJson().ToJsonString();
        }
        else
        {
            Did = "did:web:" + webHost;
            KeyName = Did + "#key-1";
            Document = new DidDocument
            {
                Id = Did,
                VerificationMethods = [new VerificationMethod { Id = KeyName, Type = "JsonWebKey2020", Controller = Did, PublicKey = Key.PublicJwk }],
                Relationships = new Dictionary<VerificationRelationship, IReadOnlyList<string>> { [VerificationRelationship.AssertionMethod] = [KeyName] },
            }.ToJson().ToJsonString();
        }
    }

    public SigningKey Key { get; }

    public string Did { get; }

    public string KeyName { get; }

    public string Document { get; }

    public void Dispose() => Key.Dispose();
}

/// <summary>Builds logs of codec-encoded entries and bundles over them.</summary>
internal static class EvidenceTestData
{
    public static readonly DateTimeOffset Time = new(2026, 12, 7, 20, 0, 0, TimeSpan.Zero);

    public static AuditRecord Record(int i, string? agreementId = "agreement-1") => new()
    {
        Type = i % 3 == 0 ? AuditRecordTypes.DspMessageReceived : AuditRecordTypes.PolicyDecision,
        Actor = "did:web:consumer.example",
        CounterParty = "did:web:provider.example",
        ProcessId = $"process-{i % 5}",
        AgreementId = i % 2 == 0 ? agreementId : null,
        Digest = "sha256:" + new string((char)('a' + (i % 6)), 64),
        Details = new JsonObject { ["n"] = i, ["decision"] = i % 4 == 0 ? "deny" : "permit" },
    };

    public static (MemoryMerkleLog Log, List<byte[]> Data) Log(int size, ITreeHasher? hasher = null)
    {
        var log = new MemoryMerkleLog(hasher ?? Sha256TreeHasher.Instance);
        var data = new List<byte[]>(size);
        for (var i = 0; i < size; i++)
        {
            var bytes = AuditEntryCodec.Encode(Record(i), Time.AddMilliseconds(i));
            data.Add(bytes);
            log.AppendData(bytes);
        }

        return (log, data);
    }

    public static SignedCheckpoint Sign(MemoryMerkleLog log, TestIdentity owner, long? size = null) =>
        CheckpointSigner.Sign(new Checkpoint { Origin = "provider.example/audit", Size = size ?? log.Size, Root = log.Tree.RootAsync(size ?? log.Size, default).AsTask().Result }, owner.Key, owner.KeyName);

    public static async Task<EvidenceBundle> BundleAsync(
        MemoryMerkleLog log,
        List<byte[]> data,
        TestIdentity owner,
        IEnumerable<long> indexes,
        SignedCheckpoint? checkpoint = null,
        IReadOnlyList<SignedCheckpoint>? earlier = null,
        IEnumerable<TestIdentity>? others = null)
    {
        var documents = new[] { owner.Document }.Concat((others ?? []).Select(o => o.Document)).ToList();
        return await EvidenceBundleBuilder.BuildAsync(
            new EvidenceBundleRequest
            {
                Tree = log.Tree,
                Checkpoint = checkpoint ?? Sign(log, owner),
                LogKeyName = owner.KeyName,
                Entries = indexes.Select(i => (i, data[(int)i])).ToList(),
                EarlierCheckpoints = earlier ?? [],
                DidDocuments = documents,
                Query = new JsonObject { ["agreement"] = "agreement-1" },
                ExporterKey = owner.Key,
                ExporterKeyName = owner.KeyName,
                ExportedAt = Time.AddHours(1),
            },
            default);
    }

    public static async Task<byte[]> BytesAsync(EvidenceBundle bundle)
    {
        using var stream = new MemoryStream();
        await bundle.WriteAsync(stream, default);
        return stream.ToArray();
    }

    /// <summary>Reads and verifies; an unreadable bundle counts as not valid, with the reader's reason.</summary>
    public static async Task<EvidenceBundleVerification> VerifyBytesAsync(byte[] bytes)
    {
        try
        {
            return await EvidenceBundleVerifier.VerifyAsync(new MemoryStream(bytes), null, default);
        }
        catch (InvalidDataException e)
        {
            return EvidenceBundleVerification.Invalid("unreadable: " + e.Message);
        }
    }
}
