using System.Text.Json.Nodes;
using Dataspace.Identity.Credentials;
using Dataspace.Identity.Dcp;
using Dataspace.Identity.Jose;
using Dataspace.Identity.Tests.Support;

namespace Dataspace.Identity.Tests;

public sealed class DcpVerifierTests
{
    public static TheoryData<CredentialProfile, string, bool> Matrix()
    {
        var data = new TheoryData<CredentialProfile, string, bool>();
        foreach (var profile in new[] { CredentialProfile.Vc20BitstringStatusList, CredentialProfile.Vc11StatusList2021 })
        {
            foreach (var algorithm in new[] { JwsAlgorithms.ES256, JwsAlgorithms.EdDSA })
            {
                data.Add(profile, algorithm, false);
                data.Add(profile, algorithm, true);
            }
        }

        return data;
    }

    public static TheoryData<CredentialProfile> Profiles() => [CredentialProfile.Vc20BitstringStatusList, CredentialProfile.Vc11StatusList2021];

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task HeldCredential_IsVerified_WithClaims(CredentialProfile profile, string algorithm, bool didWeb)
    {
        using var space = new TestDataspace();
        var authority = space.AddAuthority(algorithm, didWeb, "MembershipCredential", "FinanceSubspaceCredential");
        var consumer = space.AddParticipant(algorithm, didWeb);
        var provider = space.AddParticipant(algorithm == JwsAlgorithms.ES256 ? JwsAlgorithms.EdDSA : JwsAlgorithms.ES256, didWeb);
        await consumer.HoldAsync(authority.Issue(consumer.Did, profile));
        await consumer.HoldAsync(authority.Issue(consumer.Did, profile, "FinanceSubspaceCredential", new JsonObject { ["industry"] = "finance", ["licence"] = "BaFin-123" }));

        var result = await provider.VerifyAsync(consumer.TokenFor(provider, "MembershipCredential", "FinanceSubspaceCredential"), "MembershipCredential", "FinanceSubspaceCredential");

        Assert.True(result.Succeeded, result.Reason);
        Assert.Equal(consumer.Did, result.Value.Did);
        Assert.True(result.Value.HasCredential("MembershipCredential"));
        var finance = Assert.Single(result.Value.Credentials, c => c.Types.Contains("FinanceSubspaceCredential"));
        Assert.Equal(authority.Did, finance.Issuer);
        Assert.Equal("finance", finance.Claims.GetProperty("industry").GetString());
        Assert.Equal(consumer.Did, finance.Claims.GetProperty("id").GetString());
    }

    [Fact]
    public async Task MixedProfiles_InOneWallet_AreBothPresented()
    {
        using var space = new TestDataspace();
        var authority = space.AddAuthority(JwsAlgorithms.EdDSA, false, "MembershipCredential", "HealthcareSubspaceCredential");
        var (consumer, provider) = (space.AddParticipant(), space.AddParticipant());
        await consumer.HoldAsync(authority.Issue(consumer.Did, CredentialProfile.Vc11StatusList2021));
        await consumer.HoldAsync(authority.Issue(consumer.Did, CredentialProfile.Vc20BitstringStatusList, "HealthcareSubspaceCredential"));

        var result = await provider.VerifyAsync(consumer.TokenFor(provider, "MembershipCredential", "HealthcareSubspaceCredential"), "MembershipCredential", "HealthcareSubspaceCredential");

        Assert.True(result.Succeeded, result.Reason);
        Assert.Equal(2, result.Value.Credentials.Count);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task UntrustedIssuer_IsRefused(CredentialProfile profile)
    {
        using var space = new TestDataspace();
        space.AddAuthority();
        var rogue = new Authority(space, LocalIdentitiesFor(space));
        var (consumer, provider) = (space.AddParticipant(), space.AddParticipant());
        await consumer.HoldAsync(rogue.Issue(consumer.Did, profile));

        await AssertRefused(provider, consumer, VerificationFailure.UntrustedIssuer, rogue.Did);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task IssuerNotAllowedForType_IsRefused(CredentialProfile profile)
    {
        using var space = new TestDataspace();
        var authority = space.AddAuthority(JwsAlgorithms.ES256, false, "MembershipCredential");
        var (consumer, provider) = (space.AddParticipant(), space.AddParticipant());
        await consumer.HoldAsync(authority.Issue(consumer.Did, profile, "HealthcareSubspaceCredential"));

        var result = await provider.VerifyAsync(consumer.TokenFor(provider, "HealthcareSubspaceCredential"), "HealthcareSubspaceCredential");

        Assert.Equal(VerificationFailure.IssuerNotAllowedForType, result.Failure);
        Assert.Contains("may not issue HealthcareSubspaceCredential", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(CredentialProfile.Vc20BitstringStatusList, null)]
    [InlineData(CredentialProfile.Vc20BitstringStatusList, false)]
    [InlineData(CredentialProfile.Vc11StatusList2021, null)]
    [InlineData(CredentialProfile.Vc11StatusList2021, true)]
    public async Task RevokedCredential_IsRefused_WithOrWithoutMultibasePrefix(CredentialProfile profile, bool? prefix)
    {
        using var space = new TestDataspace();
        var authority = space.AddAuthority();
        authority.MultibasePrefix = prefix;
        var (consumer, provider) = (space.AddParticipant(), space.AddParticipant());
        await consumer.HoldAsync(authority.Issue(consumer.Did, profile));
        var revokedIndex = authority.LastIndex;
        var other = space.AddParticipant();
        await other.HoldAsync(authority.Issue(other.Did, profile));
        authority.Revoke(profile, revokedIndex);

        await AssertRefused(provider, consumer, VerificationFailure.CredentialRevoked, $"bit {revokedIndex}");
        var unaffected = await provider.VerifyAsync(other.TokenFor(provider));
        Assert.True(unaffected.Succeeded, unaffected.Reason);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task ExpiredCredential_IsRefused(CredentialProfile profile)
    {
        using var space = new TestDataspace();
        var authority = space.AddAuthority();
        var (consumer, provider) = (space.AddParticipant(), space.AddParticipant());
        PresentUnfiltered(space, consumer, provider, profile, authority.Issue(consumer.Did, profile, validFrom: TestDataspace.Start.AddDays(-30), validUntil: TestDataspace.Start.AddDays(-1)));

        await AssertRefused(provider, consumer, VerificationFailure.CredentialExpired, "expired");
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task NotYetValidCredential_IsRefused(CredentialProfile profile)
    {
        using var space = new TestDataspace();
        var authority = space.AddAuthority();
        var (consumer, provider) = (space.AddParticipant(), space.AddParticipant());
        PresentUnfiltered(space, consumer, provider, profile, authority.Issue(consumer.Did, profile, validFrom: TestDataspace.Start.AddDays(2)));

        await AssertRefused(provider, consumer, VerificationFailure.CredentialNotYetValid, "valid only from");
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task PresentationSignedBySomeoneElse_IsRefused(CredentialProfile profile)
    {
        using var space = new TestDataspace();
        var authority = space.AddAuthority();
        var (consumer, provider, impostor) = (space.AddParticipant(), space.AddParticipant(), space.AddParticipant(JwsAlgorithms.EdDSA));
        var credential = authority.Issue(consumer.Did, profile);
        await consumer.HoldAsync(credential);
        var forged = JwtPresentations.Create(impostor.Identity.Signer, provider.Did, [credential], profile, space.Clock.GetUtcNow(), TimeSpan.FromMinutes(2));
        space.CredentialServices.Override = _ => [forged];

        await AssertRefused(provider, consumer, VerificationFailure.PresentationNotFromCaller, impostor.Did);
    }

    [Fact]
    public async Task PresentationClaimingCallerButSignedByOtherKey_IsInvalidSignature()
    {
        using var space = new TestDataspace();
        var authority = space.AddAuthority();
        var (consumer, provider) = (space.AddParticipant(), space.AddParticipant());
        var credential = authority.Issue(consumer.Did, CredentialProfile.Vc20BitstringStatusList);
        var stranger = space.NewKey(JwsAlgorithms.ES256);
        var forged = JwtPresentations.Create(consumer.Identity.Signer with { Key = stranger }, provider.Did, [credential], CredentialProfile.Vc20BitstringStatusList, space.Clock.GetUtcNow(), TimeSpan.FromMinutes(2));
        space.CredentialServices.Override = _ => [forged];

        await AssertRefused(provider, consumer, VerificationFailure.InvalidSignature, "does not verify");
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task CredentialOfAnotherHolder_IsHolderMismatch(CredentialProfile profile)
    {
        using var space = new TestDataspace();
        var authority = space.AddAuthority();
        var (consumer, provider, victim) = (space.AddParticipant(), space.AddParticipant(), space.AddParticipant());
        var stolen = authority.Issue(victim.Did, profile);
        var presentation = JwtPresentations.Create(consumer.Identity.Signer, provider.Did, [stolen], profile, space.Clock.GetUtcNow(), TimeSpan.FromMinutes(2));
        space.CredentialServices.Override = _ => [presentation];

        await AssertRefused(provider, consumer, VerificationFailure.HolderMismatch, victim.Did);
    }

    [Fact]
    public async Task PresentationMixingProfiles_IsMalformed()
    {
        using var space = new TestDataspace();
        var authority = space.AddAuthority();
        var (consumer, provider) = (space.AddParticipant(), space.AddParticipant());
        var vc11 = authority.Issue(consumer.Did, CredentialProfile.Vc11StatusList2021);
        space.CredentialServices.Override = _ => [JwtPresentations.Create(consumer.Identity.Signer, provider.Did, [vc11], CredentialProfile.Vc20BitstringStatusList, space.Clock.GetUtcNow(), TimeSpan.FromMinutes(2))];

        await AssertRefused(provider, consumer, VerificationFailure.MalformedPresentation, "one profile per presentation");
    }

    [Fact]
    public async Task OversizedPresentation_IsRefusedBeforeVerifyingEachCredential()
    {
        using var space = new TestDataspace();
        var authority = space.AddAuthority();
        var (consumer, provider) = (space.AddParticipant(), space.AddParticipant());
        var credential = authority.Issue(consumer.Did, CredentialProfile.Vc20BitstringStatusList);
        var many = Enumerable.Repeat(credential, CredentialVerifier.MaxCredentialsPerPresentation + 1);
        space.CredentialServices.Override = _ => [JwtPresentations.Create(consumer.Identity.Signer, provider.Did, many, CredentialProfile.Vc20BitstringStatusList, space.Clock.GetUtcNow(), TimeSpan.FromMinutes(2))];

        await AssertRefused(provider, consumer, VerificationFailure.MalformedPresentation, $"at most {CredentialVerifier.MaxCredentialsPerPresentation}");
    }

    [Fact]
    public async Task TamperedCredential_IsInvalidSignature()
    {
        using var space = new TestDataspace();
        var authority = space.AddAuthority();
        var (consumer, provider) = (space.AddParticipant(), space.AddParticipant());
        var genuine = authority.Issue(consumer.Did, CredentialProfile.Vc20BitstringStatusList, claims: new JsonObject { ["level"] = "basic" }).Split('.');
        var payload = System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(genuine[1])).Replace("basic", "gold", StringComparison.Ordinal);
        var tampered = $"{genuine[0]}.{System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(payload))}.{genuine[2]}";
        await consumer.HoldAsync(tampered);

        await AssertRefused(provider, consumer, VerificationFailure.InvalidSignature, "does not verify");
    }

    [Fact]
    public async Task UnreachableStatusList_IsStatusUnavailable()
    {
        using var space = new TestDataspace();
        var authority = space.AddAuthority();
        var (consumer, provider) = (space.AddParticipant(), space.AddParticipant());
        var credential = JwtCredentials.Issue(
            new CredentialDraft
            {
                Types = ["MembershipCredential"],
                SubjectDid = consumer.Did,
                ValidFrom = TestDataspace.Start.AddDays(-1),
                Status = new CredentialStatusEntry { StatusListCredential = "https://status.example/gone", Index = 3 },
            },
            authority.Signer,
            CredentialProfile.Vc20BitstringStatusList);
        await consumer.HoldAsync(credential);

        await AssertRefused(provider, consumer, VerificationFailure.StatusUnavailable, "https://status.example/gone");
    }

    [Fact]
    public async Task DidKeyCallerWithoutDirectoryEntry_HasNoCredentialService()
    {
        using var space = new TestDataspace();
        var (consumer, provider) = (space.AddParticipant(), space.AddParticipant());
        space.Directory.Remove(consumer.Did);

        await AssertRefused(provider, consumer, VerificationFailure.NoCredentialService, consumer.Did);
    }

    [Fact]
    public async Task TokenWithoutAccessToken_CannotBeUsedForCredentials()
    {
        using var space = new TestDataspace();
        var (consumer, provider) = (space.AddParticipant(), space.AddParticipant());

        var result = await provider.VerifyAsync(consumer.Sts.CreateIdToken(provider.Did));

        Assert.Equal(VerificationFailure.MalformedToken, result.Failure);
        Assert.Contains("'token' claim", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AccessTokenForOtherTypes_LeavesThoseCredentialsOut()
    {
        using var space = new TestDataspace();
        var authority = space.AddAuthority(JwsAlgorithms.ES256, false, "*");
        var (consumer, provider) = (space.AddParticipant(), space.AddParticipant());
        await consumer.HoldAsync(authority.Issue(consumer.Did, CredentialProfile.Vc20BitstringStatusList, "HealthcareSubspaceCredential"));
        await consumer.HoldAsync(authority.Issue(consumer.Did, CredentialProfile.Vc20BitstringStatusList));

        var result = await provider.VerifyAsync(consumer.TokenFor(provider, "MembershipCredential"), "HealthcareSubspaceCredential", "MembershipCredential");

        Assert.True(result.Succeeded, result.Reason);
        Assert.True(result.Value.HasCredential("MembershipCredential"));
        Assert.False(result.Value.HasCredential("HealthcareSubspaceCredential"));
    }

    [Fact]
    public async Task EdcScopeAlias_IsUsedWhenConfigured_AndAcceptedByOurCredentialService()
    {
        using var space = new TestDataspace(new IdentityOptions { ScopeAlias = DcpScopes.EdcTypeAlias });
        var authority = space.AddAuthority();
        var (consumer, provider) = (space.AddParticipant(), space.AddParticipant());
        await consumer.HoldAsync(authority.Issue(consumer.Did, CredentialProfile.Vc11StatusList2021));
        var token = consumer.TokenFor(provider);
        Assert.True(Jose.CompactJws.TryParse(token, out var outer, out _));
        Assert.True(Jose.CompactJws.TryParse(outer.GetString("token"), out var access, out _));

        var result = await provider.VerifyAsync(token);

        Assert.Equal("org.eclipse.edc.vc.type:MembershipCredential:read", access.GetString("scope"));
        Assert.True(result.Succeeded, result.Reason);
    }

    [Fact]
    public async Task PresentationCache_AvoidsRequeryWithinTtl_ButStillChecksEachToken()
    {
        using var space = new TestDataspace(new IdentityOptions { PresentationCacheTtl = TimeSpan.FromSeconds(30) });
        var authority = space.AddAuthority();
        var (consumer, provider) = (space.AddParticipant(), space.AddParticipant());
        await consumer.HoldAsync(authority.Issue(consumer.Did, CredentialProfile.Vc20BitstringStatusList));

        Assert.True((await provider.VerifyAsync(consumer.TokenFor(provider))).Succeeded);
        Assert.True((await provider.VerifyAsync(consumer.TokenFor(provider))).Succeeded);
        Assert.Equal(1, space.CredentialServices.Queries);

        Assert.Equal(VerificationFailure.MissingToken, (await provider.VerifyAsync(null)).Failure);

        space.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.True((await provider.VerifyAsync(consumer.TokenFor(provider))).Succeeded);
        Assert.Equal(2, space.CredentialServices.Queries);
    }

    // A wallet that presents whatever it holds (ours leaves out credentials outside their validity period, as DCP asks).
    private static void PresentUnfiltered(TestDataspace space, Participant holder, Participant verifier, CredentialProfile profile, string credential) =>
        space.CredentialServices.Override = _ => [JwtPresentations.Create(holder.Identity.Signer, verifier.Did, [credential], profile, space.Clock.GetUtcNow(), TimeSpan.FromMinutes(2))];

    private static DidSigner LocalIdentitiesFor(TestDataspace space) => Dcp.LocalIdentities.ForDidKey(space.NewKey(JwsAlgorithms.EdDSA)).Signer;

    private static async Task AssertRefused(Participant provider, Participant consumer, VerificationFailure failure, string reasonPart)
    {
        var result = await provider.VerifyAsync(consumer.TokenFor(provider));

        Assert.False(result.Succeeded, "expected a refusal");
        Assert.Equal(failure, result.Failure);
        Assert.Contains(reasonPart, result.Reason, StringComparison.Ordinal);
    }
}
