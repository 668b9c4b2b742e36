using System.Text.Json;
using Dataspace.Identity.Credentials;
using Dataspace.Identity.Dcp;
using Dataspace.Identity.Jose;
using Dataspace.Identity.Tests.Support;

namespace Dataspace.Identity.Tests;

public sealed class CredentialServiceHandlerTests
{
    [Theory]
    [InlineData("org.eclipse.dspace.dcp.vc.type:MembershipCredential")]
    [InlineData("org.eclipse.dspace.dcp.vc.type:MembershipCredential:read")]
    [InlineData("org.eclipse.edc.vc.type:MembershipCredential:read")]
    public async Task Query_BothScopeForms_ReturnsPresentationForTheVerifier(string scope)
    {
        using var space = new TestDataspace();
        var authority = space.AddAuthority();
        var (holder, verifier) = (space.AddParticipant(), space.AddParticipant());
        await holder.HoldAsync(authority.Issue(holder.Did, CredentialProfile.Vc20BitstringStatusList));

        var response = await Query(holder, verifier, Body(new { scope = new[] { scope } }));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("PresentationResponseMessage", response.Body["type"]!.GetValue<string>());
        var vp = Assert.Single(response.Body["presentation"]!.AsArray())!.GetValue<string>();
        Assert.True(ParsedPresentation.TryParse(vp, out var parsed, out _));
        Assert.Equal(holder.Did, parsed.Holder);
        Assert.Equal([verifier.Did], parsed.Jws.GetAudience());
    }

    [Fact]
    public async Task Query_ScopesNotGranted_AreLeftOut_AndExpiredCredentialsAreNotPresented()
    {
        using var space = new TestDataspace();
        var authority = space.AddAuthority(JwsAlgorithms.ES256, false, "*");
        var (holder, verifier) = (space.AddParticipant(), space.AddParticipant());
        await holder.HoldAsync(authority.Issue(holder.Did, CredentialProfile.Vc20BitstringStatusList, "MembershipCredential"));
        await holder.HoldAsync(authority.Issue(holder.Did, CredentialProfile.Vc20BitstringStatusList, "HealthcareSubspaceCredential"));
        await holder.HoldAsync(authority.Issue(holder.Did, CredentialProfile.Vc11StatusList2021, "MembershipCredential", validFrom: TestDataspace.Start.AddDays(-9), validUntil: TestDataspace.Start.AddDays(-1)));
        var bearer = verifier.Sts.CreateIdToken(holder.Did, ExtractAccessToken(holder.TokenFor(verifier, "MembershipCredential")));

        var response = await holder.CredentialService.HandleQueryAsync(bearer, Body(new { scope = new[] { DcpScopes.ForType("MembershipCredential"), DcpScopes.ForType("HealthcareSubspaceCredential") } }), CancellationToken.None);

        Assert.Equal(200, response.StatusCode);
        var vp = Assert.Single(response.Body["presentation"]!.AsArray())!.GetValue<string>();
        Assert.True(ParsedPresentation.TryParse(vp, out var parsed, out _));
        Assert.True(ParsedCredential.TryParse(Assert.Single(parsed.CredentialJwts), out var only, out _));
        Assert.Equal(["VerifiableCredential", "MembershipCredential"], only.Types);
        Assert.Equal(CredentialProfile.Vc20BitstringStatusList, only.Profile);
    }

    [Fact]
    public async Task Query_ByCredentialId_PresentsThatCredential()
    {
        using var space = new TestDataspace();
        var authority = space.AddAuthority();
        var (holder, verifier) = (space.AddParticipant(), space.AddParticipant());
        var first = authority.Issue(holder.Did, CredentialProfile.Vc20BitstringStatusList);
        await holder.HoldAsync(first);
        await holder.HoldAsync(authority.Issue(holder.Did, CredentialProfile.Vc20BitstringStatusList));
        Assert.True(ParsedCredential.TryParse(first, out var parsedFirst, out _));
        var scope = DcpScopes.ForId(parsedFirst.Id!);
        var access = holder.Identity.Signer.Sign(
            new System.Text.Json.Nodes.JsonObject
            {
                ["iss"] = holder.Did, ["sub"] = verifier.Did, ["aud"] = holder.Did, ["jti"] = "a1",
                ["iat"] = space.Clock.GetUtcNow().ToUnixTimeSeconds(), ["exp"] = space.Clock.GetUtcNow().AddMinutes(2).ToUnixTimeSeconds(), ["scope"] = scope,
            },
            "JWT");

        var response = await holder.CredentialService.HandleQueryAsync(verifier.Sts.CreateIdToken(holder.Did, access), Body(new { scope = new[] { scope } }), CancellationToken.None);

        Assert.Equal(200, response.StatusCode);
        Assert.True(ParsedPresentation.TryParse(Assert.Single(response.Body["presentation"]!.AsArray())!.GetValue<string>(), out var vp, out _));
        Assert.Equal([first], vp.CredentialJwts);
    }

    [Fact]
    public async Task Query_ScopeAndPresentationDefinition_Is400()
    {
        using var space = new TestDataspace();
        var (holder, verifier) = (space.AddParticipant(), space.AddParticipant());

        var response = await Query(holder, verifier, Body(new { scope = new[] { DcpScopes.ForType("MembershipCredential") }, presentationDefinition = new { id = "pd" } }));

        Assert.Equal(400, response.StatusCode);
        Assert.Contains("not both", response.Body["reason"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_PresentationDefinitionOnly_Is501()
    {
        using var space = new TestDataspace();
        var (holder, verifier) = (space.AddParticipant(), space.AddParticipant());

        var response = await Query(holder, verifier, Body(new { presentationDefinition = new { id = "pd" } }));

        Assert.Equal(501, response.StatusCode);
    }

    [Theory]
    [InlineData("{\"@context\":[\"https://w3id.org/dspace-dcp/v1.0/dcp.jsonld\"],\"type\":\"PresentationQueryMessage\"}", "no 'scope'")]
    [InlineData("{\"type\":\"SomethingElse\",\"scope\":[\"org.eclipse.dspace.dcp.vc.type:X\"]}", "expected PresentationQueryMessage")]
    [InlineData("{\"type\":\"PresentationQueryMessage\",\"scope\":[\"openid\"]}", "not of the form")]
    [InlineData("{\"type\":\"PresentationQueryMessage\",\"scope\":[\"org.eclipse.dspace.dcp.vc.type:X:write\"]}", "only read")]
    public async Task Query_BadBody_Is400(string json, string reason)
    {
        using var space = new TestDataspace();
        var (holder, verifier) = (space.AddParticipant(), space.AddParticipant());
        using var doc = JsonDocument.Parse(json);

        var response = await Query(holder, verifier, doc.RootElement.Clone());

        Assert.Equal(400, response.StatusCode);
        Assert.Contains(reason, response.Body["reason"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_WithoutToken_Is401()
    {
        using var space = new TestDataspace();
        var holder = space.AddParticipant();

        var response = await holder.CredentialService.HandleQueryAsync(null, Body(new { type = "PresentationQueryMessage", scope = new[] { DcpScopes.ForType("MembershipCredential") } }), CancellationToken.None);

        Assert.Equal(401, response.StatusCode);
        Assert.Equal(nameof(VerificationFailure.MissingToken), response.Body["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Query_AccessTokenIssuedToAnotherVerifier_Is403()
    {
        using var space = new TestDataspace();
        var (holder, verifier, other) = (space.AddParticipant(), space.AddParticipant(), space.AddParticipant());
        var accessForOther = ExtractAccessToken(holder.TokenFor(other));
        var bearer = verifier.Sts.CreateIdToken(holder.Did, accessForOther);

        var response = await holder.CredentialService.HandleQueryAsync("Bearer " + bearer, Body(new { type = "PresentationQueryMessage", scope = new[] { DcpScopes.ForType("MembershipCredential") } }), CancellationToken.None);

        Assert.Equal(403, response.StatusCode);
        Assert.Contains($"issued to {other.Did}", response.Body["reason"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_AccessTokenMadeByTheVerifierItself_Is403()
    {
        using var space = new TestDataspace();
        var (holder, verifier) = (space.AddParticipant(), space.AddParticipant());
        var selfMade = ExtractAccessToken(verifier.TokenFor(holder));
        var bearer = verifier.Sts.CreateIdToken(holder.Did, selfMade);

        var response = await holder.CredentialService.HandleQueryAsync(bearer, Body(new { type = "PresentationQueryMessage", scope = new[] { DcpScopes.ForType("MembershipCredential") } }), CancellationToken.None);

        Assert.Equal(403, response.StatusCode);
        Assert.Contains($"not issued by {holder.Did}", response.Body["reason"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static Task<CredentialServiceResponse> Query(Participant holder, Participant verifier, JsonElement body)
    {
        var bearer = verifier.Sts.CreateIdToken(holder.Did, ExtractAccessToken(holder.TokenFor(verifier)));
        return holder.CredentialService.HandleQueryAsync("Bearer " + bearer, body, CancellationToken.None);
    }

    private static string ExtractAccessToken(string selfIssued)
    {
        Assert.True(Jose.CompactJws.TryParse(selfIssued, out var jws, out _));
        return jws.GetString("token")!;
    }

    private static JsonElement Body(object value)
    {
        var json = JsonSerializer.SerializeToNode(value)!.AsObject();
        json.TryAdd("type", "PresentationQueryMessage");
        json["@context"] = new System.Text.Json.Nodes.JsonArray(DcpContext.Url);
        return JsonSerializer.SerializeToElement(json);
    }
}
