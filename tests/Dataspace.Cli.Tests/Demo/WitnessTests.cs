using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Dataspace.Connector.Audit;
using Dataspace.Connector.Protocol.Dsp;
using Dataspace.Evidence.Checkpoints;
using Dataspace.Evidence.Entries;
using Dataspace.Evidence.Merkle;
using Dataspace.Identity.Dcp;
using Dataspace.Sdk.Audit;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Cli.Tests.Demo;

/// <summary>
/// Receipts between two real connectors: after a negotiation and a transfer both audit logs hold the entries the issue
/// lists, provably in a signed checkpoint; each side co-signed the other's checkpoint covering the agreement; a rewritten
/// log and a stranger to the agreement are refused by the witness, with the reason.
/// </summary>
public sealed class WitnessTests : IClassFixture<WitnessFixture>
{
    private readonly WitnessFixture _f;

    public WitnessTests(WitnessFixture fixture) => _f = fixture;

    [Fact]
    public async Task BothLogs_HoldTheAgreementsEntries_ByType_AndEveryEntryIsInTheLatestSignedCheckpoint()
    {
        var ct = CancellationToken.None;
        var provider = await CountAsync(_f.ProviderLog, _f.ProviderProcesses, ct);
        var consumer = await CountAsync(_f.ConsumerLog, _f.ConsumerProcesses, ct);

        Assert.Equal(1, provider.GetValueOrDefault(AuditRecordTypes.Agreement));
        Assert.Equal(1, consumer.GetValueOrDefault(AuditRecordTypes.Agreement));
        // Request, verification (and the transfer request, completion) received; agreement, finalized (and start) sent.
        Assert.True(provider.GetValueOrDefault(AuditRecordTypes.DspMessageReceived) >= 2, Describe(provider));
        Assert.True(provider.GetValueOrDefault(AuditRecordTypes.DspMessageSent) >= 2, Describe(provider));
        Assert.True(consumer.GetValueOrDefault(AuditRecordTypes.DspMessageReceived) >= 2, Describe(consumer));
        Assert.True(consumer.GetValueOrDefault(AuditRecordTypes.DspMessageSent) >= 2, Describe(consumer));
        // The provider decided the contract policy (and, with a transfer, its start and the data access).
        Assert.True(provider.GetValueOrDefault(AuditRecordTypes.PolicyDecision) >= (_f.Transferred ? 3 : 1), Describe(provider));
        if (_f.Transferred)
        {
            Assert.True(provider.GetValueOrDefault(AuditRecordTypes.DataAccess) >= 1, Describe(provider));
        }

        // The agreement entry holds the full agreement text, as stored.
        var agreement = Assert.Single(await _f.Entries(_f.ProviderLog, AuditRecordTypes.Agreement, ct));
        var (record, _) = AuditEntryCodec.Decode(agreement.Data);
        Assert.Equal(_f.Agreement.Id, record.Details!["agreement"]!["@id"]!.GetValue<string>());

        // The operator's publication is recorded as management changes, with the API key named by a digest only.
        var changes = await _f.ProviderLog.SearchAsync(new AuditEntryQuery { Type = AuditRecordTypes.ManagementChange, Limit = 100 }, ct);
        Assert.True(changes.Count >= 3, $"{changes.Count} management changes");
        Assert.All(changes, c => Assert.StartsWith("management:key-", c.Actor, StringComparison.Ordinal));
        Assert.DoesNotContain(_f.Space.Provider.ApiKey, string.Concat(changes.Select(c => Encoding.UTF8.GetString(c.Data))), StringComparison.Ordinal);

        // Never the data: no entry holds the published file's content.
        var all = await WitnessFixture.AllAsync(_f.ProviderLog, ct);
        Assert.DoesNotContain(all, e => Encoding.UTF8.GetString(e.Data).Contains("Centre,2026-11-01", StringComparison.Ordinal));

        await AssertInLatestCheckpointAsync(_f.ProviderLog, _f.Space.Provider.App.Services, ct);
        await AssertInLatestCheckpointAsync(_f.ConsumerLog, _f.Space.Consumer.App.Services, ct);
    }

    [Fact]
    public async Task TheProvidersCheckpointCoveringTheAgreement_CarriesTheConsumersValidCosignature_AndViceVersa()
    {
        var ct = CancellationToken.None;
        await AssertCosignedAsync(_f.ProviderLog, _f.Space.Consumer.App.Services, ct);
        await AssertCosignedAsync(_f.ConsumerLog, _f.Space.Provider.App.Services, ct);

        // The witness's own log records what it co-signed.
        var cosigned = Assert.Single(await _f.Entries(_f.ConsumerLog, WitnessRecordTypes.Cosigned, ct));
        Assert.Equal(_f.Space.ProviderDid, cosigned.CounterParty);
    }

    [Fact]
    public async Task ACheckpointOfARewrittenLog_SignedWithTheSameDidKey_IsRefusedByTheWitness_WithTheReason_AndRecordedInItsLog()
    {
        var ct = CancellationToken.None;
        var seen = AuditEntryCodec.Decode((await _f.Entries(_f.ConsumerLog, WitnessRecordTypes.Cosigned, ct))[^1].Data).Record.Details!;
        var seenSize = seen["size"]!.GetValue<long>();
        var origin = seen["origin"]!.GetValue<string>();

        // Another log under the provider's DID key and origin: the same agreement entry, a different history.
        var forged = Forge(origin, seenSize + 3);
        var refused = await AskConsumerAsync(forged, oldSize: seenSize, ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Status);
        var answer = JsonNode.Parse(refused.Body)!;
        Assert.Equal("not-an-extension", answer["code"]!.GetValue<string>());
        Assert.Contains("history was rewritten", answer["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        var evidence = Assert.Single(await _f.Entries(_f.ConsumerLog, WitnessRecordTypes.Refused, ct));
        Assert.Equal(_f.Space.ProviderDid, evidence.CounterParty);

        // Same size as the checkpoint co-signed, another root: a fork.
        var fork = await AskConsumerAsync(Forge(origin, seenSize), oldSize: seenSize, ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, fork.Status);
        Assert.Contains("another root", JsonNode.Parse(fork.Body)!["reason"]!.GetValue<string>(), StringComparison.Ordinal);

        // A stale old size is answered with the size the witness knows, so an honest sender can prove consistency from it.
        var stale = await AskConsumerAsync(forged, oldSize: 0, ct);
        Assert.Equal(HttpStatusCode.Conflict, stale.Status);
        Assert.Equal(seenSize, JsonNode.Parse(stale.Body)!["size"]!.GetValue<long>());
    }

    [Fact]
    public async Task ACallerThatSharesNoSuchAgreement_IsRefused403_WithTheReason()
    {
        var ct = CancellationToken.None;
        var consumerSigner = _f.Space.Consumer.App.Services.GetRequiredService<ILocalIdentityProvider>().Current.Signer;
        var notShared = "urn:uuid:" + Guid.NewGuid();
        var (note, entry, proof) = Build(notShared, consumerSigner, _f.Space.ConsumerDid, 4);
        var request = Request(note, entry, proof, 0, [], notShared);
        var consumerDsp = _f.Space.Consumer.App.Services.GetRequiredService<DspClient>();

        var response = await consumerDsp.PostAsync(_f.Space.Provider.Dsp + "/audit/witness", Encoding.UTF8.GetBytes(request.ToJsonString()), _f.Space.ProviderDid, ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        var answer = JsonNode.Parse(response.Body)!;
        Assert.Equal("not-a-party", answer["code"]!.GetValue<string>());
        Assert.Contains("only the counter-party of an agreement may ask us to witness", answer["reason"]!.GetValue<string>(), StringComparison.Ordinal);

        // A party to the agreement asking with a checkpoint signed by someone else's key is refused too.
        var providerSigner = _f.Space.Provider.App.Services.GetRequiredService<ILocalIdentityProvider>().Current.Signer;
        var (foreign, foreignEntry, foreignProof) = Build(_f.Agreement.Id, providerSigner, _f.Space.ProviderDid, 4);
        var signedByOther = await consumerDsp.PostAsync(_f.Space.Provider.Dsp + "/audit/witness",
            Encoding.UTF8.GetBytes(Request(foreign, foreignEntry, foreignProof, 0, []).ToJsonString()), _f.Space.ProviderDid, ct);
        Assert.Equal(HttpStatusCode.Forbidden, signedByOther.Status);
        Assert.Equal("invalid-signature", JsonNode.Parse(signedByOther.Body)!["code"]!.GetValue<string>());
    }

    private async Task<Dictionary<string, int>> CountAsync(IAuditLogStore log, IReadOnlyList<string> processes, CancellationToken ct)
    {
        var all = await WitnessFixture.AllAsync(log, ct);
        return all.Where(e => e.AgreementId == _f.Agreement.Id || (e.ProcessId is { } p && processes.Contains(p)))
            .GroupBy(e => e.Type).ToDictionary(g => g.Key, g => g.Count());
    }

    private static string Describe(Dictionary<string, int> counts) => string.Join(", ", counts.Select(c => $"{c.Key}: {c.Value}"));

    // Independently of the code under test: every stored entry's RFC 9162 leaf hash, and the root of all of them up to the
    // latest checkpoint's size equals the root the checkpoint signs (whose signature is the log owner's DID key's).
    private static async Task AssertInLatestCheckpointAsync(IAuditLogStore log, IServiceProvider owner, CancellationToken ct)
    {
        var latest = (await log.ReadCheckpointAsync(null, ct))!;
        var signer = owner.GetRequiredService<ILocalIdentityProvider>().Current.Signer;
        var verified = CheckpointVerifier.Verify(latest.Note, signer.Key.PublicJwk, signer.KeyId);
        Assert.True(verified.IsValid, verified.Reason);
        var entries = (await WitnessFixture.AllAsync(log, ct)).Take((int)latest.Size).ToList();
        Assert.Equal(latest.Size, entries.Count);
        var leaves = entries.Select(e => SHA256.HashData([0x00, .. e.Data])).ToList();
        Assert.All(entries.Zip(leaves), p => Assert.Equal(p.Second, p.First.LeafHash));
        Assert.Equal(verified.Note!.Checkpoint.Root, Root(leaves, 0, leaves.Count));
    }

    private static byte[] Root(IReadOnlyList<byte[]> leaves, int start, int count)
    {
        if (count == 1)
        {
            return leaves[start];
        }

        var split = 1;
        while (split * 2 < count)
        {
            split *= 2;
        }

        return SHA256.HashData([0x01, .. Root(leaves, start, split), .. Root(leaves, start + split, count - split)]);
    }

    private async Task AssertCosignedAsync(IAuditLogStore log, IServiceProvider witness, CancellationToken ct)
    {
        var received = (await _f.Entries(log, WitnessRecordTypes.Received, ct))[^1];
        var size = AuditEntryCodec.Decode(received.Data).Record.Details!["size"]!.GetValue<long>();
        var agreementEntry = Assert.Single(await _f.Entries(log, AuditRecordTypes.Agreement, ct));
        Assert.True(size > agreementEntry.Index, $"the cosigned checkpoint of size {size} does not cover the agreement entry {agreementEntry.Index}");

        var checkpoint = (await log.ReadCheckpointAsync(size, ct))!;
        var cosignature = Assert.Single(await log.ReadCosignaturesAsync(size, ct));
        var signer = witness.GetRequiredService<ILocalIdentityProvider>().Current.Signer;
        Assert.Equal(signer.KeyId, cosignature.Witness);
        Assert.True(SignedCheckpoint.TryParse(checkpoint.Note + cosignature.Line, out var cosigned, out var reason), reason);
        var verification = CheckpointVerifier.VerifyCosignature(cosigned, signer.Key.PublicJwk, signer.KeyId);
        Assert.True(verification.IsValid, verification.Reason);
    }

    private (string Note, byte[] Entry, IReadOnlyList<byte[]> Proof, byte[][] Consistency) Forge(string origin, long size)
    {
        var signer = _f.Space.Provider.App.Services.GetRequiredService<ILocalIdentityProvider>().Current.Signer;
        var log = new MemoryMerkleLog(TreeHashers.Get(TreeHashers.Sha256));
        log.AppendData(AgreementEntry(_f.Agreement.Id));
        while (log.Size < size)
        {
            log.AppendData(Encoding.UTF8.GetBytes($$"""{"type":"filler","time":"2026-01-01T00:00:00.000Z","digest":"{{log.Size}}"}"""));
        }

        var note = CheckpointSigner.Sign(new Checkpoint { Origin = origin, Size = size, Root = log.Root() }, signer.Key, signer.KeyId).ToNote();
        var proof = log.Tree.InclusionProofAsync(0, size, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        return (note, AgreementEntry(_f.Agreement.Id), proof, [.. log.Tree.ConsistencyProofAsync(Math.Max(1, size - 3), size, CancellationToken.None).AsTask().GetAwaiter().GetResult()]);
    }

    private static (string Note, byte[] Entry, IReadOnlyList<byte[]> Proof) Build(string agreementId, Dataspace.Identity.Credentials.DidSigner signer, string did, long size)
    {
        var log = new MemoryMerkleLog(TreeHashers.Get(TreeHashers.Sha256));
        var entry = AgreementEntry(agreementId);
        log.AppendData(entry);
        while (log.Size < size)
        {
            log.AppendData(Encoding.UTF8.GetBytes($$"""{"type":"filler","time":"2026-01-01T00:00:00.000Z","digest":"{{log.Size}}"}"""));
        }

        var note = CheckpointSigner.Sign(new Checkpoint { Origin = did, Size = size, Root = log.Root() }, signer.Key, signer.KeyId).ToNote();
        return (note, entry, log.Tree.InclusionProofAsync(0, size, CancellationToken.None).AsTask().GetAwaiter().GetResult());
    }

    private static byte[] AgreementEntry(string agreementId) =>
        AuditEntryCodec.Encode(new AuditRecord { Type = AuditRecordTypes.Agreement, AgreementId = agreementId, Details = new JsonObject { ["agreement"] = "forged" } }, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private async Task<DspResponse> AskConsumerAsync((string Note, byte[] Entry, IReadOnlyList<byte[]> Proof, byte[][] Consistency) forged, long oldSize, CancellationToken ct)
    {
        var providerDsp = _f.Space.Provider.App.Services.GetRequiredService<DspClient>();
        var body = Request(forged.Note, forged.Entry, forged.Proof, oldSize, forged.Consistency);
        return await providerDsp.PostAsync(_f.Space.Consumer.Dsp + "/audit/witness", Encoding.UTF8.GetBytes(body.ToJsonString()), _f.Space.ConsumerDid, ct);
    }

    private JsonObject Request(string note, byte[] entry, IReadOnlyList<byte[]> proof, long oldSize, byte[][] consistency, string? agreementId = null) => new()
    {
        ["agreementId"] = agreementId ?? _f.Agreement.Id,
        ["checkpoint"] = note,
        ["hash"] = TreeHashers.Sha256,
        ["entryIndex"] = 0,
        ["entry"] = Convert.ToBase64String(entry),
        ["inclusionProof"] = new JsonArray([.. proof.Select(p => (JsonNode?)Convert.ToBase64String(p))]),
        ["oldSize"] = oldSize,
        ["consistencyProof"] = new JsonArray([.. consistency.Select(p => (JsonNode?)Convert.ToBase64String(p))]),
    };
}
