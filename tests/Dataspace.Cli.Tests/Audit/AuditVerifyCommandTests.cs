using System.Text.Json.Nodes;
using Dataspace.Evidence.Bundles;
using Dataspace.Evidence.Checkpoints;
using Dataspace.Evidence.Entries;
using Dataspace.Evidence.Merkle;
using Dataspace.Identity.Dids;
using Dataspace.Identity.Jose;
using Dataspace.Sdk.Audit;

namespace Dataspace.Cli.Tests.Audit;

public sealed class AuditVerifyCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("audit-verify-").FullName;

    [Fact]
    public async Task Verify_ValidBundle_PrintsOneLineSummaryAndExitsZero()
    {
        var path = await WriteBundleAsync(tamper: null);
        var (exit, output, error) = await Cli.RunAsync("audit", "verify", path);
        Assert.Equal(0, exit);
        Assert.Empty(error);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("ok: agreement.bundle: 3 entries verified against checkpoint provider.example/audit size 12", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_FolderWithOneBundle_ReadsIt()
    {
        await WriteBundleAsync(tamper: null);
        var (exit, output, _) = await Cli.RunAsync("audit", "verify", _folder);
        Assert.Equal(0, exit);
        Assert.Contains("3 entries verified", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_TamperedEntry_NamesFirstBadEntryAndExitsOne()
    {
        var path = await WriteBundleAsync(tamper: bundle =>
        {
            var entries = bundle.Entries.ToList();
            entries.RemoveAt(1);
            return new EvidenceBundle
            {
                HashAlgorithm = bundle.HashAlgorithm,
                LogKeyName = bundle.LogKeyName,
                Checkpoint = bundle.Checkpoint,
                Entries = entries,
                DidDocuments = bundle.DidDocuments,
                Manifest = bundle.Manifest,
            };
        });
        var (exit, output, error) = await Cli.RunAsync("audit", "verify", path);
        Assert.Equal(1, exit);
        Assert.Empty(output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("first bad entry 5", line, StringComparison.Ordinal);
        Assert.Contains("dropped", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_AgreementNotCosignedByItsCounterParty_ExitsOneNamingIt()
    {
        var path = await WriteBundleAsync(tamper: null, Witness.None);
        var (exit, output, error) = await Cli.RunAsync("audit", "verify", path);
        Assert.Equal(1, exit);
        Assert.Empty(output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("the agreement's counter-party did:key:", line, StringComparison.Ordinal);
        Assert.Contains("(unwitnessed)", line, StringComparison.Ordinal);
        Assert.Contains("--allow-unwitnessed", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_CosignedBySomeOtherDid_IsAMismatchedWitness()
    {
        var path = await WriteBundleAsync(tamper: null, Witness.Stranger);
        var (exit, _, error) = await Cli.RunAsync("audit", "verify", path);
        Assert.Equal(1, exit);
        Assert.Contains("mismatched witness", error, StringComparison.Ordinal);
        Assert.Contains("the agreement's counter-party did:key:", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_AllowUnwitnessed_AcceptsWithAWarning()
    {
        var path = await WriteBundleAsync(tamper: null, Witness.None);
        var (exit, output, error) = await Cli.RunAsync("audit", "verify", path, "--allow-unwitnessed");
        Assert.Equal(0, exit);
        Assert.StartsWith("ok: agreement.bundle: 3 entries verified", output, StringComparison.Ordinal);
        Assert.StartsWith("warning: agreement.bundle: the agreement's counter-party did:key:", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"format\":\"dataspace-evidence-bundle/v9\"}")]
    [InlineData("")]
    public async Task Verify_UnreadableFile_ExitsTwoWithOneLineAndNoStackTrace(string content)
    {
        var path = Path.Combine(_folder, "bad.bundle");
        await File.WriteAllTextAsync(path, content);
        var (exit, _, error) = await Cli.RunAsync("audit", "verify", path);
        Assert.Equal(2, exit);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: bad.bundle is not a readable evidence bundle", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_MissingFile_ExitsTwo()
    {
        var (exit, _, error) = await Cli.RunAsync("audit", "verify", Path.Combine(_folder, "missing.bundle"));
        Assert.Equal(2, exit);
        Assert.StartsWith("error: cannot read", error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private enum Witness
    {
        CounterParty,
        None,
        Stranger,
    }

    private async Task<string> WriteBundleAsync(Func<EvidenceBundle, EvidenceBundle>? tamper, Witness witness = Witness.CounterParty)
    {
        using var key = SigningKey.Generate(JwsAlgorithms.ES256);
        var keyName = DidKeyResolver.CreateKeyId(key.PublicJwk);
        using var consumer = SigningKey.Generate(JwsAlgorithms.ES256);
        using var stranger = SigningKey.Generate(JwsAlgorithms.ES256);
        var log = new MemoryMerkleLog(Sha256TreeHasher.Instance);
        var data = new List<byte[]>();
        for (var i = 0; i < 12; i++)
        {
            // Entry 2 is the agreement, between the log's owner and the consumer (its counter-party, who must co-sign).
            var record = i == 2
                ? new AuditRecord { Type = AuditRecordTypes.Agreement, Actor = DidKeyResolver.CreateDid(key.PublicJwk), CounterParty = DidKeyResolver.CreateDid(consumer.PublicJwk), AgreementId = "a-1", Digest = $"sha256:{i:x64}" }
                : new AuditRecord { Type = AuditRecordTypes.DataAccess, AgreementId = "a-1", Digest = $"sha256:{i:x64}" };
            data.Add(AuditEntryCodec.Encode(record, DateTimeOffset.UnixEpoch.AddDays(i)));
            log.AppendData(data[^1]);
        }

        var checkpoint = CheckpointSigner.Sign(new Checkpoint { Origin = "provider.example/audit", Size = 12, Root = log.Root() }, key, keyName);
        var cosigner = witness switch { Witness.CounterParty => consumer, Witness.Stranger => stranger, _ => null };
        if (cosigner is not null)
        {
            checkpoint = checkpoint.WithSignature(CheckpointSigner.Cosign(checkpoint, cosigner, DidKeyResolver.CreateKeyId(cosigner.PublicJwk), DateTimeOffset.UnixEpoch.AddDays(13)));
        }

        var bundle = await EvidenceBundleBuilder.BuildAsync(
            new EvidenceBundleRequest
            {
                Tree = log.Tree,
                Checkpoint = checkpoint,
                LogKeyName = keyName,
                Entries = [(2, data[2]), (5, data[5]), (11, data[11])],
                DidDocuments = [],
                Query = new JsonObject { ["agreement"] = "a-1" },
                ExporterKey = key,
                ExporterKeyName = keyName,
                ExportedAt = DateTimeOffset.UnixEpoch.AddDays(20),
            },
            default);
        var path = Path.Combine(_folder, "agreement.bundle");
        await using var file = File.Create(path);
        await (tamper?.Invoke(bundle) ?? bundle).WriteAsync(file, default);
        return path;
    }
}
