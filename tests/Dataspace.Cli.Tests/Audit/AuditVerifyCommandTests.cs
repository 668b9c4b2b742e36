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

    private async Task<string> WriteBundleAsync(Func<EvidenceBundle, EvidenceBundle>? tamper)
    {
        using var key = SigningKey.Generate(JwsAlgorithms.ES256);
        var keyName = DidKeyResolver.CreateKeyId(key.PublicJwk);
        var log = new MemoryMerkleLog(Sha256TreeHasher.Instance);
        var data = new List<byte[]>();
        for (var i = 0; i < 12; i++)
        {
            data.Add(AuditEntryCodec.Encode(new AuditRecord { Type = AuditRecordTypes.DataAccess, AgreementId = "a-1", Digest = $"sha256:{i:x64}" }, DateTimeOffset.UnixEpoch.AddDays(i)));
            log.AppendData(data[^1]);
        }

        var checkpoint = CheckpointSigner.Sign(new Checkpoint { Origin = "provider.example/audit", Size = 12, Root = log.Root() }, key, keyName);
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
