using System.Security.Cryptography;
using System.Text;
using Dataspace.Connector.Testing;
using Dataspace.Evidence.Entries;
using Dataspace.Identity.Dcp;
using Dataspace.Identity.Issuance;
using Dataspace.Identity.Jose;
using Dataspace.Sdk.Audit;

namespace Dataspace.Connector.Tests.Audit;

/// <summary>A connector's credential desk records every credential it issues and revokes in the audit log.</summary>
public sealed class CredentialAuditTests : IDisposable
{
    private readonly TempDirectory _temp = new("credential-audit-");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task IssueAndRevoke_AreAppended_WithTheCredentialsDigestAndIds_AndARepeatedRevocationOnce()
    {
        await using var audit = await TestAuditLog.StartAsync(_temp.Sub("log"));
        using var key = SigningKey.Generate(JwsAlgorithms.EdDSA);
        var signer = LocalIdentities.ForDidKey(key).Signer;
        using var desk = new CredentialAuthority(_temp.Sub("authority"), signer, new Uri("https://authority.example/"), TimeProvider.System, audit.Log);

        var (jwt, record) = await desk.IssueAsync(new CredentialRequest { SubjectDid = "did:web:member.example", Type = "MembershipCredential" }, CancellationToken.None);
        Assert.True(await desk.RevokeAsync(record.Id, CancellationToken.None));
        Assert.True(await desk.RevokeAsync(record.Id, CancellationToken.None));

        var entries = await audit.Store.ReadEntriesAsync(0, 10, CancellationToken.None);
        Assert.Equal([AuditRecordTypes.CredentialIssued, AuditRecordTypes.CredentialRevoked], entries.Select(e => e.Type));
        var (issued, _) = AuditEntryCodec.Decode(entries[0].Data);
        Assert.Equal(signer.Did, issued.Actor);
        Assert.Equal("did:web:member.example", issued.CounterParty);
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(jwt))), issued.Digest);
        Assert.Equal(record.Id, issued.Details!["credentialId"]!.GetValue<string>());
        Assert.DoesNotContain(jwt, Encoding.UTF8.GetString(entries[0].Data), StringComparison.Ordinal);
        Assert.Equal(record.Id, AuditEntryCodec.Decode(entries[1].Data).Record.Details!["credentialId"]!.GetValue<string>());
    }
}
