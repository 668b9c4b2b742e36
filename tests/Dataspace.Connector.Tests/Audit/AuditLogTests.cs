using System.Net;
using System.Text;
using Dataspace.Connector.Audit;
using Dataspace.Connector.Testing;
using Dataspace.Evidence.Bundles;
using Dataspace.Evidence.Checkpoints;
using Dataspace.Sdk.Audit;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Connector.Tests.Audit;

/// <summary>The audit log of a real connector: batched durable appends, proofs, checkpoints, the management API and bundles.</summary>
public sealed class AuditLogTests
{
    [Fact]
    public async Task AppendAsync_ConcurrentAppenders_EveryAcknowledgedEntryIsProvable()
    {
        using var temp = new TempDirectory();
        await using var connector = await TestConnector.StartAsync(temp.Path);
        var log = connector.App.Services.GetRequiredService<AuditLog>();
        var before = log.Size;

        var appended = await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var mine = new List<AuditAppended>();
            for (var i = 0; i < 150; i++)
            {
                mine.Add(await log.AppendAsync(Record($"worker-{w}", $"agreement-{w}"), CancellationToken.None));
            }

            return mine;
        })));

        var all = appended.SelectMany(a => a).OrderBy(a => a.Index).ToList();
        Assert.Equal(Enumerable.Range((int)before, 1200).Select(i => (long)i), all.Select(a => a.Index));
        var size = (await log.Store.ReadHeadAsync(CancellationToken.None)).Size;
        var entries = await log.Store.ReadEntriesAsync(0, (int)size, CancellationToken.None);
        var leaves = entries.Select(e => Rfc9162.LeafHash(e.Data)).ToList();
        foreach (var a in all)
        {
            Assert.Equal(Convert.ToHexStringLower(leaves[(int)a.Index]), a.LeafHash);
        }

        // The root by the RFC's recursive definition over the stored leaf data, against the one computed from stored nodes.
        var root = Rfc9162.Root(leaves, 0, leaves.Count);
        Assert.Equal(root, await log.Tree.RootAsync(size, CancellationToken.None));
        foreach (var a in all.Where(a => a.Index % 37 == 0 || a.Index == size - 1))
        {
            var proof = await log.Tree.InclusionProofAsync(a.Index, size, CancellationToken.None);
            Assert.True(Rfc9162.VerifyInclusion(a.Index, size, leaves[(int)a.Index], proof, root), $"entry {a.Index}'s inclusion proof");
        }
    }

    [Fact]
    public async Task ManagementApi_EntryProofCheckpointAndBundle_VerifyIndependently()
    {
        using var temp = new TempDirectory();
        await using var connector = await TestConnector.StartAsync(temp.Path, settings: WithDidKey());
        var log = connector.App.Services.GetRequiredService<AuditLog>();
        for (var i = 0; i < 20; i++)
        {
            await log.AppendAsync(Record("did:web:peer", i % 2 == 0 ? "agreement-even" : "agreement-odd"), CancellationToken.None);
        }

        var page = await connector.ManagementAsync(HttpMethod.Get, "/audit/entries?agreementId=agreement-even&limit=4");
        var items = page["items"]!.AsArray();
        Assert.Equal(4, items.Count);
        Assert.All(items, e => Assert.Equal("agreement-even", e!["agreementId"]!.GetValue<string>()));
        Assert.NotNull(page["next"]);

        var index = items[1]!["index"]!.GetValue<long>();
        var proven = await connector.ManagementAsync(HttpMethod.Get, $"/audit/entries/{index}");
        var note = proven["checkpoint"]!["note"]!.GetValue<string>();
        var size = proven["checkpoint"]!["size"]!.GetValue<long>();
        var body = note[..note.IndexOf("\n\n", StringComparison.Ordinal)].Split('\n');
        Assert.Equal(size.ToString(System.Globalization.CultureInfo.InvariantCulture), body[1]);
        var root = Convert.FromBase64String(body[2]);
        var data = Convert.FromBase64String(proven["entry"]!["data"]!.GetValue<string>());
        var proof = proven["inclusionProof"]!.AsArray().Select(p => Convert.FromBase64String(p!.GetValue<string>())).ToList();
        Assert.True(Rfc9162.VerifyInclusion(index, size, Rfc9162.LeafHash(data), proof, root));
        Assert.Contains("agreement-even", Encoding.UTF8.GetString(data), StringComparison.Ordinal);

        var missing = await Assert.ThrowsAsync<HttpRequestException>(() => connector.ManagementAsync(HttpMethod.Get, "/audit/entries/99999"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        var consistency = await connector.ManagementAsync(HttpMethod.Get, $"/audit/checkpoints/{size}?fromSize=3");
        Assert.Equal(3, consistency["fromSize"]!.GetValue<long>());

        using var bundle = new MemoryStream();
        await connector.Client.DownloadAuditBundleAsync("agreement-odd", null, null, null, bundle);
        bundle.Position = 0;
        var verified = await EvidenceBundleVerifier.VerifyAsync(bundle, null, CancellationToken.None);
        Assert.True(verified.IsValid, verified.Reason);

        // One flipped byte in the middle of the bundle is caught.
        var bytes = bundle.ToArray();
        bytes[bytes.Length / 2] ^= 0x01;
        var tampered = await EvidenceBundleVerifier.VerifyAsync(new MemoryStream(bytes), null, CancellationToken.None);
        Assert.False(tampered.IsValid);

        var none = await Assert.ThrowsAsync<HttpRequestException>(() => connector.ManagementAsync(HttpMethod.Get, "/audit/bundle?agreementId=agreement-none"));
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        var both = await Assert.ThrowsAsync<HttpRequestException>(() => connector.ManagementAsync(HttpMethod.Get, "/audit/bundle?agreementId=a&processId=p"));
        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
    }

    [Fact]
    public async Task Bundle_OfAnAgreement_HoldsItsNegotiationsAndTransfersEntries()
    {
        using var temp = new TempDirectory();
        await using var connector = await TestConnector.StartAsync(temp.Path, settings: WithDidKey());
        var log = connector.App.Services.GetRequiredService<AuditLog>();
        async Task<long> Append(string type, string? processId, string? agreementId) =>
            (await log.AppendAsync(new AuditRecord { Type = type, Actor = "did:web:peer", ProcessId = processId, AgreementId = agreementId, Digest = "sha256:" + new string('b', 64) }, CancellationToken.None)).Index;

        // The negotiation's messages and decision carry only its process id; the transfer's later messages only the transfer's.
        var expected = new List<long>
        {
            await Append(AuditRecordTypes.DspMessageReceived, "negotiation-1", null),
            await Append(AuditRecordTypes.PolicyDecision, "negotiation-1", null),
        };
        await Append(AuditRecordTypes.DspMessageReceived, "negotiation-2", null);
        expected.Add(await Append(AuditRecordTypes.Agreement, "negotiation-1", "agreement-1"));
        expected.Add(await Append(AuditRecordTypes.DspMessageReceived, "transfer-1", "agreement-1"));
        await Append(AuditRecordTypes.DataAccess, "transfer-9", "agreement-9");
        expected.Add(await Append(AuditRecordTypes.DspMessageReceived, "transfer-1", null));
        expected.Add(await Append(AuditRecordTypes.DataAccess, "transfer-1", "agreement-1"));

        using var stream = new MemoryStream();
        await connector.Client.DownloadAuditBundleAsync("agreement-1", null, null, null, stream);
        stream.Position = 0;
        var bundle = await EvidenceBundle.ReadAsync(stream, null, CancellationToken.None);
        Assert.Equal(expected, bundle.Entries.Select(e => e.Index));
        var verified = EvidenceBundleVerifier.Verify(bundle);
        Assert.True(verified.IsValid, verified.Reason);
        Assert.Equal("agreement-1", verified.AgreementId);
    }

    [Fact]
    public async Task Start_WithAnotherHashAlgorithmThanTheLogs_IsRefusedNamingBoth()
    {
        using var temp = new TempDirectory();
        await using (var first = await TestConnector.StartAsync(temp.Path))
        {
            await first.App.Services.GetRequiredService<IAuditLog>().AppendAsync(Record("did:web:a", "agreement-1"), CancellationToken.None);
        }

        var e = await Assert.ThrowsAnyAsync<Exception>(() => TestConnector.StartAsync(temp.Path, settings: new Dictionary<string, string?> { ["Connector:Audit:HashAlgorithm"] = "sm3" }));
        var message = e.ToString();
        Assert.Contains("'sha256'", message, StringComparison.Ordinal);
        Assert.Contains("'sm3'", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FileAnchor_AppendsCheckpoints_AndRefusesOneGoingBackwards()
    {
        using var temp = new TempDirectory();
        var anchorFile = Path.Combine(temp.Path, "anchor", "checkpoints.txt");
        var settings = WithDidKey();
        settings["Connector:Audit:Anchors:File:Path"] = anchorFile;
        settings["Connector:Audit:CheckpointInterval"] = "00:00:00.100";
        await using var connector = await TestConnector.StartAsync(Path.Combine(temp.Path, "data"), settings: settings);
        var log = connector.App.Services.GetRequiredService<AuditLog>();
        await log.AppendAsync(Record("did:web:a", "agreement-1"), CancellationToken.None);
        var checkpointer = connector.App.Services.GetRequiredService<AuditCheckpointer>();
        var first = await checkpointer.CheckpointAsync(CancellationToken.None);
        await log.AppendAsync(Record("did:web:a", "agreement-1"), CancellationToken.None);
        var second = await checkpointer.CheckpointAsync(CancellationToken.None);
        Assert.NotNull(first);
        Assert.NotNull(second);

        var text = await File.ReadAllTextAsync(anchorFile);
        Assert.Contains(second.Note, text, StringComparison.Ordinal);

        var anchor = connector.App.Services.GetServices<IAuditAnchor>().OfType<FileAuditAnchor>().Single();
        var older = SignedCheckpoint.Parse(first.Note);
        var backwards = await Assert.ThrowsAsync<InvalidOperationException>(() => anchor.AnchorAsync(
            new AuditAnchorContext { Note = first.Note, Size = first.Size, Root = older.Checkpoint.Root, HashAlgorithm = "sha256" }, CancellationToken.None));
        Assert.Contains("went backwards", backwards.Message, StringComparison.Ordinal);
        Assert.Equal(text, await File.ReadAllTextAsync(anchorFile));
    }

    // A fresh did:key identity made on first start (the loopback defaults have none), so checkpoints and bundles are signed.
    internal static Dictionary<string, string?> WithDidKey() => new() { ["Connector:Identity:Method"] = "key" };

    private static AuditRecord Record(string actor, string agreementId) => new()
    {
        Type = AuditRecordTypes.DataAccess,
        Actor = actor,
        AgreementId = agreementId,
        Digest = "sha256:" + new string('a', 64),
        Details = new System.Text.Json.Nodes.JsonObject { ["bytes"] = 42 },
    };
}
