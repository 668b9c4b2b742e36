using System.Text.Json;
using System.Text.Json.Nodes;
using Dataspace.Identity.Credentials;
using Dataspace.Identity.Trust;
using Dataspace.Identity.Tests.Support;

namespace Dataspace.Identity.Tests;

/// <summary>Issue 12: a trust anchor vouches only for what its entry in the trust file binds it to.</summary>
public sealed class TrustAnchorScopeTests
{
    [Fact]
    public async Task AnchorOfDataspaceA_IssuingAMembershipOfDataspaceB_IsRefused()
    {
        using var space = new TestDataspace();
        var authority = space.AddAuthority();
        var holder = space.AddParticipant();
        space.Trust.Update(Parse($$"""{"anchors":[{"did":"{{authority.Did}}","credentialTypes":["MembershipCredential"],"dataspace":"city"}]}"""));
        var ofCity = authority.Issue(holder.Did, CredentialProfile.Vc20BitstringStatusList, claims: new JsonObject { ["dataspace"] = "city" });
        var ofHarbour = authority.Issue(holder.Did, CredentialProfile.Vc20BitstringStatusList, claims: new JsonObject { ["dataspace"] = "harbour" });
        var ofNone = authority.Issue(holder.Did, CredentialProfile.Vc20BitstringStatusList, claims: new JsonObject { ["level"] = "gold" });

        var city = await space.Credentials.VerifyCredentialAsync(ofCity, holder.Did, CancellationToken.None);
        var harbour = await space.Credentials.VerifyCredentialAsync(ofHarbour, holder.Did, CancellationToken.None);
        var none = await space.Credentials.VerifyCredentialAsync(ofNone, holder.Did, CancellationToken.None);

        Assert.True(city.Succeeded, city.Reason);
        Assert.Equal(VerificationFailure.IssuerOutOfScope, harbour.Failure);
        Assert.Contains("vouches only for members of data space 'city'", harbour.Reason, StringComparison.Ordinal);
        Assert.Contains("\"harbour\"", harbour.Reason, StringComparison.Ordinal);
        Assert.Equal(VerificationFailure.IssuerOutOfScope, none.Failure);
        Assert.Contains("no 'dataspace' claim", none.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClaimConstraints_LimitTheValuesAnAnchorMayVouchFor()
    {
        using var space = new TestDataspace();
        var authority = space.AddAuthority(types: "LevelCredential");
        var holder = space.AddParticipant();
        space.Trust.Update(Parse($$$"""{"anchors":[{"did":"{{{authority.Did}}}","credentialTypes":["LevelCredential"],"claims":{"level":["silver","gold"],"address.country":"DE"}}]}"""));

        async Task<VerificationResult<Sdk.Identity.VerifiedCredential>> VerifyAsync(JsonObject claims) =>
            await space.Credentials.VerifyCredentialAsync(authority.Issue(holder.Did, CredentialProfile.Vc11StatusList2021, "LevelCredential", claims), holder.Did, CancellationToken.None);

        var inScope = await VerifyAsync(new JsonObject { ["level"] = "gold", ["address"] = new JsonObject { ["country"] = "DE" } });
        var platinum = await VerifyAsync(new JsonObject { ["level"] = "platinum", ["address"] = new JsonObject { ["country"] = "DE" } });
        var smuggled = await VerifyAsync(new JsonObject { ["level"] = new JsonArray("gold", "platinum"), ["address"] = new JsonObject { ["country"] = "DE" } });
        var abroad = await VerifyAsync(new JsonObject { ["level"] = "silver", ["address"] = new JsonObject { ["country"] = "FR" } });

        Assert.True(inScope.Succeeded, inScope.Reason);
        Assert.Equal(VerificationFailure.IssuerOutOfScope, platinum.Failure);
        Assert.Contains("'level' only with 'silver', 'gold'", platinum.Reason, StringComparison.Ordinal);
        Assert.Equal(VerificationFailure.IssuerOutOfScope, smuggled.Failure);
        Assert.Equal(VerificationFailure.IssuerOutOfScope, abroad.Failure);
        Assert.Contains("address.country", abroad.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SeveralEntriesForOneDid_EachTypeNeedsAnEntryThatListsItAndVouchesForTheClaims()
    {
        using var space = new TestDataspace();
        var authority = space.AddAuthority(types: "MembershipCredential");
        var holder = space.AddParticipant();
        // The same DID: members of 'city' only, and unscoped industry credentials.
        space.Trust.Update(Parse($$"""
            {"anchors":[
              {"did":"{{authority.Did}}","credentialTypes":["MembershipCredential"],"dataspace":"city"},
              {"did":"{{authority.Did}}","credentialTypes":["IndustryCredential"]}]}
            """));

        var industry = await space.Credentials.VerifyCredentialAsync(
            authority.Issue(holder.Did, CredentialProfile.Vc20BitstringStatusList, "IndustryCredential", new JsonObject { ["industry"] = "finance" }), holder.Did, CancellationToken.None);
        var harbour = await space.Credentials.VerifyCredentialAsync(
            authority.Issue(holder.Did, CredentialProfile.Vc20BitstringStatusList, claims: new JsonObject { ["dataspace"] = "harbour" }), holder.Did, CancellationToken.None);

        Assert.True(industry.Succeeded, industry.Reason);
        Assert.Equal(VerificationFailure.IssuerOutOfScope, harbour.Failure);
    }

    [Fact]
    public async Task UnscopedAnchor_StillVouchesOnlyForItsCredentialTypes()
    {
        using var space = new TestDataspace();
        var authority = space.AddAuthority();
        var holder = space.AddParticipant();
        space.Trust.Update(Parse($$"""{"anchors":[{"did":"{{authority.Did}}","credentialTypes":["MembershipCredential"]}]}"""));

        var membership = await space.Credentials.VerifyCredentialAsync(
            authority.Issue(holder.Did, CredentialProfile.Vc20BitstringStatusList, claims: new JsonObject { ["dataspace"] = "anything" }), holder.Did, CancellationToken.None);
        var other = await space.Credentials.VerifyCredentialAsync(
            authority.Issue(holder.Did, CredentialProfile.Vc20BitstringStatusList, "IndustryCredential"), holder.Did, CancellationToken.None);

        Assert.True(membership.Succeeded, membership.Reason);
        Assert.Equal(VerificationFailure.IssuerNotAllowedForType, other.Failure);
    }

    [Theory]
    [InlineData("""{"dataspace":""}""", "'dataspace'")]
    [InlineData("""{"dataspace":7}""", "'dataspace'")]
    [InlineData("""{"claims":["level"]}""", "'claims'")]
    [InlineData("""{"claims":{"level":[]}}""", "'level'")]
    [InlineData("""{"claims":{"level":[1]}}""", "'level'")]
    [InlineData("""{"claims":{"a..b":"x"}}""", "'a..b'")]
    public void Parse_BadScope_NamesTheEntry(string scope, string named)
    {
        var entry = JsonNode.Parse(scope)!.AsObject();
        entry["did"] = "did:web:authority.example";
        entry["credentialTypes"] = new JsonArray("MembershipCredential");
        var file = new JsonObject { ["anchors"] = new JsonArray(entry) };

        var error = Assert.Throws<FormatException>(() => Parse(file.ToJsonString()));

        Assert.Contains("anchors[0] (did:web:authority.example)", error.Message, StringComparison.Ordinal);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToJson_KeepsTheScope_SoSavedFilesLoadTheSameAnchors()
    {
        var set = Parse("""{"anchors":[{"did":"did:web:a.example","credentialTypes":["MembershipCredential"],"dataspace":"city","claims":{"level":["gold"]}}]}""");

        var reloaded = Parse(set.ToJson().ToJsonString());

        var anchor = Assert.Single(reloaded.Anchors);
        Assert.Equal("city", anchor.Dataspace);
        Assert.Equal(["gold"], anchor.Claims["level"]);
    }

    private static TrustAnchorSet Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return TrustAnchorSet.Parse(document.RootElement);
    }
}
