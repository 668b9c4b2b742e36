using System.Text.Json.Nodes;
using Dataspace.Identity.Credentials;
using Dataspace.Identity.Dcp;
using Dataspace.Identity.Dids;
using Dataspace.Identity.Jose;
using Dataspace.Identity.Tests.Support;

namespace Dataspace.Identity.Tests;

public sealed class SelfIssuedTokenTests
{
    [Theory]
    [InlineData(JwsAlgorithms.ES256, false)]
    [InlineData(JwsAlgorithms.EdDSA, false)]
    [InlineData(JwsAlgorithms.ES256, true)]
    [InlineData(JwsAlgorithms.EdDSA, true)]
    public async Task ValidToken_BearerOrBare_IdentifiesCaller(string algorithm, bool didWeb)
    {
        using var space = new TestDataspace();
        var consumer = space.AddParticipant(algorithm, didWeb);
        var provider = space.AddParticipant(JwsAlgorithms.ES256, didWeb);

        var bearer = await provider.Verifier.VerifyAsync("Bearer " + consumer.Sts.CreateIdToken(provider.Did), [], CancellationToken.None);
        var bare = await provider.Verifier.VerifyAsync(consumer.Sts.CreateIdToken(provider.Did), [], CancellationToken.None);

        Assert.True(bearer.Succeeded, bearer.Reason);
        Assert.Equal(consumer.Did, bearer.Value.Did);
        Assert.True(bare.Succeeded, bare.Reason);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer ")]
    public async Task NoToken_IsMissingToken(string? authorization)
    {
        using var space = new TestDataspace();
        var provider = space.AddParticipant();

        await AssertRefused(provider, authorization, VerificationFailure.MissingToken, "no token");
    }

    [Theory]
    [InlineData("Bearer abc")]
    [InlineData("not.a.jwt")]
    [InlineData("e30.e30.AA")]
    public async Task MalformedToken_IsMalformed(string authorization)
    {
        using var space = new TestDataspace();
        var provider = space.AddParticipant();

        await AssertRefused(provider, authorization, VerificationFailure.MalformedToken, "");
    }

    [Fact]
    public async Task MissingJti_IsMalformed()
    {
        using var space = new TestDataspace();
        var (consumer, provider) = Pair(space);
        var claims = Claims(space, consumer, provider);
        claims.Remove("jti");

        await AssertRefused(provider, Sign(consumer, claims), VerificationFailure.MalformedToken, "'jti'");
    }

    [Fact]
    public async Task IssNotSub_IsIssuerSubjectMismatch()
    {
        using var space = new TestDataspace();
        var (consumer, provider) = Pair(space);
        var claims = Claims(space, consumer, provider);
        claims["sub"] = provider.Did;

        await AssertRefused(provider, Sign(consumer, claims), VerificationFailure.IssuerSubjectMismatch, "iss = sub");
    }

    [Fact]
    public async Task OtherAudience_IsWrongAudience()
    {
        using var space = new TestDataspace();
        var (consumer, provider) = Pair(space);
        var third = space.AddParticipant();

        await AssertRefused(provider, consumer.Sts.CreateIdToken(third.Did), VerificationFailure.WrongAudience, third.Did);
    }

    [Fact]
    public async Task Expired_IsTokenExpired()
    {
        using var space = new TestDataspace();
        var (consumer, provider) = Pair(space);
        var token = consumer.Sts.CreateIdToken(provider.Did);
        space.Clock.Advance(space.Options.IssuedTokenLifetime + space.Options.ClockLeeway + TimeSpan.FromSeconds(1));

        await AssertRefused(provider, token, VerificationFailure.TokenExpired, "expired");
    }

    [Fact]
    public async Task ExpiredWithinLeeway_IsAccepted()
    {
        using var space = new TestDataspace();
        var (consumer, provider) = Pair(space);
        var token = consumer.Sts.CreateIdToken(provider.Did);
        space.Clock.Advance(space.Options.IssuedTokenLifetime + space.Options.ClockLeeway - TimeSpan.FromSeconds(1));

        var result = await provider.Verifier.VerifyAsync(token, [], CancellationToken.None);

        Assert.True(result.Succeeded, result.Reason);
    }

    [Theory]
    [InlineData("iat", 31, false)]
    [InlineData("nbf", 31, false)]
    [InlineData("iat", 29, true)]
    [InlineData("nbf", 29, true)]
    public async Task IatOrNbfInFuture_BeyondLeeway_IsNotYetValid(string claim, int secondsAhead, bool accepted)
    {
        using var space = new TestDataspace(new IdentityOptions { ClockLeeway = TimeSpan.FromSeconds(30) });
        var (consumer, provider) = Pair(space);
        var claims = Claims(space, consumer, provider);
        claims[claim] = space.Clock.GetUtcNow().AddSeconds(secondsAhead).ToUnixTimeSeconds();

        var result = await provider.Verifier.VerifyAsync(Sign(consumer, claims), [], CancellationToken.None);

        Assert.Equal(accepted, result.Succeeded);
        if (!accepted)
        {
            Assert.Equal(VerificationFailure.TokenNotYetValid, result.Failure);
            Assert.Contains(claim, result.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Leeway_IsConfigurable()
    {
        using var space = new TestDataspace(new IdentityOptions { ClockLeeway = TimeSpan.Zero });
        var (consumer, provider) = Pair(space);
        var claims = Claims(space, consumer, provider);
        claims["iat"] = space.Clock.GetUtcNow().AddSeconds(5).ToUnixTimeSeconds();

        await AssertRefused(provider, Sign(consumer, claims), VerificationFailure.TokenNotYetValid, "leeway 0s");
    }

    [Fact]
    public async Task LifetimeOverFiveMinutes_IsRefused()
    {
        using var space = new TestDataspace();
        var (consumer, provider) = Pair(space);
        var claims = Claims(space, consumer, provider);
        claims["exp"] = space.Clock.GetUtcNow().AddMinutes(5).AddSeconds(1).ToUnixTimeSeconds();

        await AssertRefused(provider, Sign(consumer, claims), VerificationFailure.TokenLifetimeTooLong, "300s");
    }

    [Fact]
    public async Task ReplayedJti_IsReplayedToken()
    {
        using var space = new TestDataspace();
        var (consumer, provider) = Pair(space);
        var token = consumer.Sts.CreateIdToken(provider.Did);

        var first = await provider.Verifier.VerifyAsync(token, [], CancellationToken.None);

        Assert.True(first.Succeeded, first.Reason);
        await AssertRefused(provider, token, VerificationFailure.ReplayedToken, "already used");
    }

    [Fact]
    public async Task KidNotInDidDocument_IsKeyNotInDidDocument()
    {
        using var space = new TestDataspace();
        var (consumer, provider) = Pair(space, didWeb: true);
        var stranger = space.NewKey(JwsAlgorithms.ES256);
        var forged = CompactJws.Sign(Claims(space, consumer, provider), stranger, consumer.Did + "#key-evil");

        await AssertRefused(provider, forged, VerificationFailure.KeyNotInDidDocument, "#key-evil");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SignedByOtherKeyUnderCallersKid_IsInvalidSignature(bool didWeb)
    {
        using var space = new TestDataspace();
        var (consumer, provider) = Pair(space, didWeb);
        var stranger = space.NewKey(JwsAlgorithms.ES256);
        var forged = CompactJws.Sign(Claims(space, consumer, provider), stranger, consumer.Identity.Signer.KeyId);

        await AssertRefused(provider, forged, VerificationFailure.InvalidSignature, "does not verify");
    }

    [Fact]
    public async Task KeyNotInCapabilityInvocation_IsKeyNotAuthorized()
    {
        using var space = new TestDataspace();
        var provider = space.AddParticipant();
        var invocation = space.NewKey(JwsAlgorithms.ES256);
        var assertionOnly = space.NewKey(JwsAlgorithms.EdDSA);
        const string did = "did:web:split-keys.example";
        var document = new DidDocument
        {
            Id = did,
            VerificationMethods =
            [
                new VerificationMethod { Id = did + "#invoke", Type = "JsonWebKey2020", Controller = did, PublicKey = invocation.PublicJwk },
                new VerificationMethod { Id = did + "#assert", Type = "JsonWebKey2020", Controller = did, PublicKey = assertionOnly.PublicJwk },
            ],
            Relationships = new Dictionary<VerificationRelationship, IReadOnlyList<string>>
            {
                [VerificationRelationship.CapabilityInvocation] = [did + "#invoke"],
                [VerificationRelationship.AssertionMethod] = [did + "#assert"],
            },
        };
        space.Web.Publish(document);
        var caller = new Participant(space, new LocalIdentity(new DidSigner(did, did + "#assert", assertionOnly), document));
        var good = new Participant(space, new LocalIdentity(new DidSigner(did, did + "#invoke", invocation), document));

        await AssertRefused(provider, caller.Sts.CreateIdToken(provider.Did), VerificationFailure.KeyNotAuthorized, "capabilityInvocation");
        Assert.True((await provider.Verifier.VerifyAsync(good.Sts.CreateIdToken(provider.Did), [], CancellationToken.None)).Succeeded);
    }

    [Theory]
    [InlineData(false, false, VerificationFailure.KeyNotAuthorized)]
    [InlineData(true, false, null)]
    [InlineData(true, true, VerificationFailure.KeyNotAuthorized)]
    public async Task DocumentWithoutCapabilityInvocation_IsAcceptedOnlyInLenientMode(bool lenient, bool declaresOtherKey, VerificationFailure? failure)
    {
        using var space = new TestDataspace(new IdentityOptions { AcceptUndeclaredRelationships = lenient });
        var provider = space.AddParticipant();
        var key = space.NewKey(JwsAlgorithms.EdDSA);
        const string did = "did:web:edc-style.example";
        var relationships = new Dictionary<VerificationRelationship, IReadOnlyList<string>>();
        if (declaresOtherKey)
        {
            relationships[VerificationRelationship.CapabilityInvocation] = [did + "#other"];
        }

        var document = new DidDocument
        {
            Id = did,
            VerificationMethods = [new VerificationMethod { Id = did + "#key-1", Type = "JsonWebKey2020", Controller = did, PublicKey = key.PublicJwk }],
            Relationships = relationships,
        };
        space.Web.Publish(document);
        var caller = new Participant(space, new LocalIdentity(new DidSigner(did, did + "#key-1", key), document));

        var result = await provider.Verifier.VerifyAsync(caller.Sts.CreateIdToken(provider.Did), [], CancellationToken.None);

        Assert.Equal(failure, result.Failure);
    }

    [Theory]
    [InlineData("did:web:nobody.example", "notFound")]
    [InlineData("did:ion:EiAnything", "methodNotSupported")]
    public async Task UnresolvableDid_IsUnknownDid(string did, string error)
    {
        using var space = new TestDataspace();
        var provider = space.AddParticipant();
        var key = space.NewKey(JwsAlgorithms.ES256);
        var ghost = new Participant(space, LocalIdentities.ForDidWeb(did, "key-1", key, [], []));

        await AssertRefused(provider, ghost.Sts.CreateIdToken(provider.Did), VerificationFailure.UnknownDid, error);
    }

    [Fact]
    public async Task NoKid_IsAcceptedFromSingleKeyDocument_AndRefusedWhenSeveralKeys()
    {
        using var space = new TestDataspace();
        var provider = space.AddParticipant();
        var single = space.AddParticipant(JwsAlgorithms.EdDSA);
        var first = space.NewKey(JwsAlgorithms.ES256);
        var second = space.NewKey(JwsAlgorithms.ES256);
        const string did = "did:web:two-keys.example";
        var document = new DidDocument
        {
            Id = did,
            VerificationMethods =
            [
                new VerificationMethod { Id = did + "#a", Type = "JsonWebKey2020", Controller = did, PublicKey = first.PublicJwk },
                new VerificationMethod { Id = did + "#b", Type = "JsonWebKey2020", Controller = did, PublicKey = second.PublicJwk },
            ],
            Relationships = new Dictionary<VerificationRelationship, IReadOnlyList<string>> { [VerificationRelationship.CapabilityInvocation] = [did + "#a", did + "#b"] },
        };
        space.Web.Publish(document);
        var twoKeys = new Participant(space, new LocalIdentity(new DidSigner(did, did + "#a", first), document));

        var fromSingle = await provider.Verifier.VerifyAsync(WithoutKid(single, Claims(space, single, provider)), [], CancellationToken.None);

        Assert.True(fromSingle.Succeeded, fromSingle.Reason);
        await AssertRefused(provider, WithoutKid(twoKeys, Claims(space, twoKeys, provider)), VerificationFailure.KeyNotInDidDocument, "no kid");
    }

    [Fact]
    public async Task RotatedKey_IsFoundByRefreshingTheCachedDocument_AtMostEvery30Seconds()
    {
        using var space = new TestDataspace();
        var provider = space.AddParticipant();
        var caller = space.AddParticipant(JwsAlgorithms.ES256, didWeb: true);
        Assert.True((await provider.Verifier.VerifyAsync(caller.Sts.CreateIdToken(provider.Did), [], CancellationToken.None)).Succeeded);
        var newKey = space.NewKey(JwsAlgorithms.EdDSA);
        var rotated = LocalIdentities.ForDidWeb(caller.Did, "key-2", newKey, [new Keys.KeyInfo { Id = "key-1", Algorithm = JwsAlgorithms.ES256, PublicKey = caller.Identity.Signer.Key.PublicJwk, CreatedAt = space.Clock.GetUtcNow() }], caller.Identity.Document.Services);
        space.Web.Publish(rotated.Document);
        var afterRotation = new Participant(space, rotated);

        await AssertRefused(provider, afterRotation.Sts.CreateIdToken(provider.Did), VerificationFailure.KeyNotInDidDocument, "#key-2");
        space.Clock.Advance(TimeSpan.FromSeconds(31));
        var accepted = await provider.Verifier.VerifyAsync(afterRotation.Sts.CreateIdToken(provider.Did), [], CancellationToken.None);

        Assert.True(accepted.Succeeded, accepted.Reason);
    }

    [Fact]
    public async Task UnsupportedAlgorithm_IsRefused()
    {
        using var space = new TestDataspace();
        var (consumer, provider) = Pair(space);
        var valid = consumer.Sts.CreateIdToken(provider.Did).Split('.');
        var header = System.Buffers.Text.Base64Url.EncodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"u8);

        await AssertRefused(provider, $"{header}.{valid[1]}.{valid[2]}", VerificationFailure.UnsupportedAlgorithm, "HS256");
    }

    private static (Participant Consumer, Participant Provider) Pair(TestDataspace space, bool didWeb = false) =>
        (space.AddParticipant(JwsAlgorithms.EdDSA, didWeb), space.AddParticipant(JwsAlgorithms.ES256, didWeb));

    private static JsonObject Claims(TestDataspace space, Participant from, Participant to)
    {
        var now = space.Clock.GetUtcNow();
        return new JsonObject
        {
            ["iss"] = from.Did,
            ["sub"] = from.Did,
            ["aud"] = to.Did,
            ["jti"] = Guid.NewGuid().ToString(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddMinutes(2).ToUnixTimeSeconds(),
        };
    }

    private static string Sign(Participant from, JsonObject claims) => from.Identity.Signer.Sign(claims, "JWT");

    private static string WithoutKid(Participant from, JsonObject claims) =>
        CompactJws.Sign(new JsonObject { ["alg"] = from.Identity.Signer.Key.Algorithm, ["typ"] = "JWT" }, claims, from.Identity.Signer.Key);

    private static async Task AssertRefused(Participant verifier, string? authorization, VerificationFailure failure, string reasonPart)
    {
        var result = await verifier.Verifier.VerifyAsync(authorization, [], CancellationToken.None);

        Assert.False(result.Succeeded, "expected a refusal");
        Assert.Equal(failure, result.Failure);
        Assert.Contains(reasonPart, result.Reason, StringComparison.Ordinal);
    }
}
