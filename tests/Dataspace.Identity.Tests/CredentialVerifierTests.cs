using System.Text.Json.Nodes;
using Dataspace.Identity.Credentials;
using Dataspace.Identity.Jose;
using Dataspace.Identity.StatusLists;
using Dataspace.Identity.Tests.Support;

namespace Dataspace.Identity.Tests;

public sealed class CredentialVerifierTests
{
    [Theory]
    [InlineData(CredentialProfile.Vc20BitstringStatusList)]
    [InlineData(CredentialProfile.Vc11StatusList2021)]
    public async Task SuspendedCredential_IsCredentialSuspended(CredentialProfile profile)
    {
        using var space = new TestDataspace();
        var authority = space.AddAuthority(JwsAlgorithms.EdDSA);
        var holder = space.AddParticipant();
        const string url = "https://status.example/suspensions";
        var bits = new StatusBitstring();
        bits.Set(12, true);
        space.StatusLists.Publish(url, JwtCredentials.IssueStatusList(authority.Signer, profile, url, StatusPurposes.Suspension, bits, TestDataspace.Start.AddDays(-1), null));
        var credential = Issue(authority, holder.Did, profile, new CredentialStatusEntry { StatusListCredential = url, Index = 12, Purpose = StatusPurposes.Suspension });
        var fine = Issue(authority, holder.Did, profile, new CredentialStatusEntry { StatusListCredential = url, Index = 13, Purpose = StatusPurposes.Suspension });

        var suspended = await space.Credentials.VerifyCredentialAsync(credential, holder.Did, CancellationToken.None);
        var valid = await space.Credentials.VerifyCredentialAsync(fine, holder.Did, CancellationToken.None);

        Assert.Equal(VerificationFailure.CredentialSuspended, suspended.Failure);
        Assert.True(valid.Succeeded, valid.Reason);
    }

    [Fact]
    public async Task MultiBitStatusEntry_IsStatusUnavailable()
    {
        using var space = new TestDataspace();
        var authority = space.AddAuthority();
        var holder = space.AddParticipant();
        var credential = Issue(authority, holder.Did, CredentialProfile.Vc20BitstringStatusList, new CredentialStatusEntry { StatusListCredential = authority.ListUrl(CredentialProfile.Vc20BitstringStatusList), Index = 4 });
        var parts = credential.Split('.');
        var payload = JsonNode.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1]))!.AsObject();
        payload["credentialStatus"]!["statusSize"] = 2;
        var resigned = Dataspace.Identity.Jose.CompactJws.Sign(payload, authority.Signer.Key, authority.Signer.KeyId, "vc+jwt");

        var result = await space.Credentials.VerifyCredentialAsync(resigned, holder.Did, CancellationToken.None);

        Assert.Equal(VerificationFailure.StatusUnavailable, result.Failure);
        Assert.Contains("statusSize", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusListSignedByAnotherIssuer_IsStatusUnavailable()
    {
        using var space = new TestDataspace();
        var authority = space.AddAuthority();
        var impostor = space.AddAuthority(JwsAlgorithms.EdDSA);
        var holder = space.AddParticipant();
        const string url = "https://status.example/hijacked";
        space.StatusLists.Publish(url, JwtCredentials.IssueStatusList(impostor.Signer, CredentialProfile.Vc20BitstringStatusList, url, StatusPurposes.Revocation, new StatusBitstring(), TestDataspace.Start, null));
        var credential = Issue(authority, holder.Did, CredentialProfile.Vc20BitstringStatusList, new CredentialStatusEntry { StatusListCredential = url, Index = 1 });

        var result = await space.Credentials.VerifyCredentialAsync(credential, holder.Did, CancellationToken.None);

        Assert.Equal(VerificationFailure.StatusUnavailable, result.Failure);
        Assert.Contains($"issued by {impostor.Did}", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CredentialSignedWithKidOfAnotherDid_FailsIssuerBinding()
    {
        using var space = new TestDataspace();
        var authority = space.AddAuthority();
        var other = space.AddAuthority(JwsAlgorithms.EdDSA);
        var holder = space.AddParticipant();
        var forged = Issue(authority, holder.Did, CredentialProfile.Vc11StatusList2021, null, other.Signer with { Did = authority.Did });

        var result = await space.Credentials.VerifyCredentialAsync(forged, holder.Did, CancellationToken.None);

        Assert.Equal(VerificationFailure.KeyNotInDidDocument, result.Failure);
        Assert.Contains($"is not a key of {authority.Did}", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void SubjectArrayWithOneEntry_IsRead_AndSeveralAreRefused()
    {
        var single = new JsonObject { ["@context"] = new JsonArray(CredentialProfiles.Vc20Context), ["type"] = new JsonArray("VerifiableCredential"), ["issuer"] = "did:web:a.example", ["credentialSubject"] = new JsonArray(new JsonObject { ["id"] = "did:web:h.example" }) };
        var several = single.DeepClone().AsObject();
        several["credentialSubject"] = new JsonArray(new JsonObject { ["id"] = "did:web:h.example" }, new JsonObject { ["id"] = "did:web:i.example" });
        using var key = SigningKey.Generate(JwsAlgorithms.ES256);

        Assert.True(ParsedCredential.TryParse(CompactJws.Sign(single, key, "k"), out var parsed, out _));
        Assert.Equal("did:web:h.example", parsed.SubjectId);
        Assert.False(ParsedCredential.TryParse(CompactJws.Sign(several, key, "k"), out _, out var reason));
        Assert.Contains("one object", reason, StringComparison.Ordinal);
    }

    private static string Issue(Authority authority, string subject, CredentialProfile profile, CredentialStatusEntry? status, DidSigner? signer = null) =>
        JwtCredentials.Issue(
            new CredentialDraft
            {
                Types = ["MembershipCredential"],
                SubjectDid = subject,
                ValidFrom = TestDataspace.Start.AddDays(-1),
                Status = status,
            },
            signer ?? authority.Signer,
            profile);
}
