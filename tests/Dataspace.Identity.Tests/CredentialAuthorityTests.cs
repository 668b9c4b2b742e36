using System.Text.Json.Nodes;
using Dataspace.Identity.Issuance;
using Dataspace.Identity.Credentials;
using Dataspace.Identity.Dcp;
using Dataspace.Identity.Jose;
using Dataspace.Identity.StatusLists;
using Dataspace.Identity.Tests.Support;
using Dataspace.Identity.Trust;

namespace Dataspace.Identity.Tests;

public sealed class CredentialAuthorityTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "dataspace-authority-" + Guid.NewGuid().ToString("N"));

    [Theory]
    [InlineData(CredentialProfile.Vc20BitstringStatusList)]
    [InlineData(CredentialProfile.Vc11StatusList2021)]
    public async Task Issue_Verify_Revoke_ThroughServedStatusList(CredentialProfile profile)
    {
        using var space = new TestDataspace(new IdentityOptions { StatusListCacheTtl = TimeSpan.Zero });
        var key = space.NewKey(JwsAlgorithms.EdDSA);
        var signer = LocalIdentities.ForDidKey(key).Signer;
        using var desk = new CredentialAuthority(_folder, signer, new Uri("https://authority.example/"), space.Clock);
        space.Trust.Update(new TrustAnchorSet([new TrustAnchor { Did = desk.Did, CredentialTypes = ["FinanceSubspaceCredential"] }]));
        var holder = space.AddParticipant();

        var (jwt, record) = await desk.IssueAsync(
            new CredentialRequest { SubjectDid = holder.Did, Type = "FinanceSubspaceCredential", Claims = new JsonObject { ["licence"] = "L-1" }, Profile = profile },
            CancellationToken.None);
        var (_, second) = await desk.IssueAsync(new CredentialRequest { SubjectDid = holder.Did, Type = "FinanceSubspaceCredential", Profile = profile }, CancellationToken.None);
        space.StatusLists.Publish(desk.StatusListUrl(profile).AbsoluteUri, await desk.GetStatusListCredentialAsync(profile, CancellationToken.None));

        var valid = await space.Credentials.VerifyCredentialAsync(jwt, holder.Did, CancellationToken.None);
        Assert.True(valid.Succeeded, valid.Reason);
        Assert.Equal("L-1", valid.Value.Claims.GetProperty("licence").GetString());
        Assert.Equal(record.StatusIndex + 1, second.StatusIndex);

        using var reopened = new CredentialAuthority(_folder, signer, new Uri("https://authority.example/"), space.Clock);
        Assert.True(await reopened.RevokeAsync(record.Id, CancellationToken.None));
        Assert.False(await reopened.RevokeAsync("urn:uuid:unknown", CancellationToken.None));
        space.StatusLists.Publish(desk.StatusListUrl(profile).AbsoluteUri, await reopened.GetStatusListCredentialAsync(profile, CancellationToken.None));

        var revoked = await space.Credentials.VerifyCredentialAsync(jwt, holder.Did, CancellationToken.None);
        Assert.Equal(VerificationFailure.CredentialRevoked, revoked.Failure);
        Assert.True((await reopened.ListAsync(CancellationToken.None)).Single(r => r.Id == record.Id).Revoked);
        Assert.False((await reopened.ListAsync(CancellationToken.None)).Single(r => r.Id == second.Id).Revoked);
    }

    [Fact]
    public async Task StatusList_OfBothProfiles_UsesTheProfilesEncoding()
    {
        using var space = new TestDataspace();
        using var desk = new CredentialAuthority(_folder, LocalIdentities.ForDidKey(space.NewKey(JwsAlgorithms.ES256)).Signer, new Uri("https://authority.example/base"), space.Clock);

        Assert.True(ParsedCredential.TryParse(await desk.GetStatusListCredentialAsync(CredentialProfile.Vc20BitstringStatusList, CancellationToken.None), out var vc20, out _));
        Assert.True(ParsedCredential.TryParse(await desk.GetStatusListCredentialAsync(CredentialProfile.Vc11StatusList2021, CancellationToken.None), out var vc11, out _));

        Assert.Equal("https://authority.example/base/status/vc20", desk.StatusListUrl(CredentialProfile.Vc20BitstringStatusList).AbsoluteUri);
        Assert.Contains("BitstringStatusListCredential", vc20.Types);
        Assert.StartsWith("u", vc20.Subject.GetProperty("encodedList").GetString(), StringComparison.Ordinal);
        Assert.Contains("StatusList2021Credential", vc11.Types);
        Assert.StartsWith("H4s", vc11.Subject.GetProperty("encodedList").GetString(), StringComparison.Ordinal);
        Assert.Equal(StatusPurposes.Revocation, vc11.Subject.GetProperty("statusPurpose").GetString());
    }

    [Fact]
    public async Task TrustAnchorFile_RoundTrips_AndNamesBadEntries()
    {
        Directory.CreateDirectory(_folder);
        var path = Path.Combine(_folder, "trust-anchors.json");
        var anchors = new TrustAnchorSet([new TrustAnchor { Did = "did:web:city.example", CredentialTypes = ["MembershipCredential"] }, new TrustAnchor { Did = "did:web:finance.city.example", CredentialTypes = ["FinanceSubspaceCredential"] }]);

        await TrustAnchorFile.SaveAsync(path, anchors, CancellationToken.None);
        var loaded = await TrustAnchorFile.LoadAsync(path, CancellationToken.None);

        Assert.True(loaded.MayIssue("did:web:finance.city.example", "FinanceSubspaceCredential"));
        Assert.False(loaded.MayIssue("did:web:finance.city.example", "MembershipCredential"));
        Assert.Equal(["FinanceSubspaceCredential", "MembershipCredential"], loaded.AcceptedTypes);

        await File.WriteAllTextAsync(path, """{"anchors":[{"did":"did:web:ok.example","credentialTypes":["*"]},{"did":"nope","credentialTypes":[]}]}""");
        var error = await Assert.ThrowsAsync<FormatException>(() => TrustAnchorFile.LoadAsync(path, CancellationToken.None));
        Assert.Contains("anchors[1]", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
