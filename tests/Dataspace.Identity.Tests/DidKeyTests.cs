using Dataspace.Identity.Dids;
using Dataspace.Identity.Jose;
using Dataspace.Identity.Multiformats;
using Dataspace.Sdk.Identity;

namespace Dataspace.Identity.Tests;

public sealed class DidKeyTests
{
    // did:key test vectors (w3c-ccg did-method-key, nist-curves) and an Ed25519 key from the did:key examples.
    private const string P256Did = "did:key:zDnaerx9CtbPJ1q36T5Ln5wYt3MQYeGRG5ehnPAmxcf5mDZpv";
    private const string P256X = "igrFmi0whuihKnj9R3Om1SoMph72wUGeFaBbzG2vzns";
    private const string P256Y = "efsX5b10x8yjyrj4ny3pGfLcY7Xby1KzgqOdqnsrJIM";
    private const string Ed25519Did = "did:key:z6MkmjY8GnV5i9YTDtPETC2uUAW6ejw3nk5mXF5yci5ab7th";
    private const string Ed25519Base58 = "8HH5gYEeNc3z7PYXmd54d4x6qAfCNrqQqEB3nS7Zfu7K";

    [Fact]
    public void P256_Vector_EncodesAndDecodesBothWays()
    {
        var jwk = new Jwk { Kty = "EC", Crv = "P-256", X = P256X, Y = P256Y };

        Assert.Equal(P256Did, DidKeyResolver.CreateDid(jwk));
        var document = DidKeyResolver.Expand(P256Did, out var reason);
        Assert.NotNull(document);
        Assert.Null(reason);
        Assert.Equal(jwk, document.VerificationMethods.Single().PublicKey);
    }

    [Fact]
    public void Ed25519_Vector_EncodesAndDecodesBothWays()
    {
        Assert.True(Base58Btc.TryDecode(Ed25519Base58, out var raw));
        var jwk = new Jwk { Kty = "OKP", Crv = "Ed25519", X = System.Buffers.Text.Base64Url.EncodeToString(raw) };

        Assert.Equal(Ed25519Did, DidKeyResolver.CreateDid(jwk));
        Assert.Equal(jwk, DidKeyResolver.Expand(Ed25519Did, out _)!.VerificationMethods.Single().PublicKey);
    }

    [Theory]
    [InlineData(JwsAlgorithms.ES256, "did:key:zDn")]
    [InlineData(JwsAlgorithms.EdDSA, "did:key:z6Mk")]
    public async Task Resolve_GeneratedKey_GivesDocumentWithKeyInEveryRelationship(string algorithm, string prefix)
    {
        using var key = SigningKey.Generate(algorithm);
        var did = DidKeyResolver.CreateDid(key.PublicJwk);
        var registry = new DidResolverRegistry([new DidKeyResolver()], TimeProvider.System, TimeSpan.FromMinutes(1));

        var outcome = await registry.ResolveAsync(did + "#whatever", CancellationToken.None);

        Assert.StartsWith(prefix, did, StringComparison.Ordinal);
        var document = Assert.IsType<DidDocument>(outcome.Document);
        var method = document.FindMethod(DidKeyResolver.CreateKeyId(key.PublicJwk));
        Assert.NotNull(method);
        Assert.Equal(key.PublicJwk, method.PublicKey);
        foreach (var relationship in new[] { VerificationRelationship.Authentication, VerificationRelationship.AssertionMethod, VerificationRelationship.CapabilityInvocation })
        {
            Assert.True(document.IsAuthorized(method.Id, relationship));
        }
    }

    [Theory]
    [InlineData("did:key:z6MkBAD0", DidResolutionErrors.InvalidDid)]
    [InlineData("did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme", DidResolutionErrors.InvalidDid)]
    [InlineData("did:key:", DidResolutionErrors.InvalidDid)]
    [InlineData("not-a-did", DidResolutionErrors.InvalidDid)]
    [InlineData("did:ion:EiAbc", DidResolutionErrors.MethodNotSupported)]
    public async Task Resolve_BadOrUnsupported_GivesDidResolutionError(string did, string error)
    {
        var registry = new DidResolverRegistry([new DidKeyResolver()], TimeProvider.System, TimeSpan.FromMinutes(1));

        var outcome = await registry.ResolveAsync(did, CancellationToken.None);

        Assert.Null(outcome.Document);
        Assert.Equal(error, outcome.Error);
        Assert.False(string.IsNullOrEmpty(outcome.Reason));
    }

    [Theory]
    [InlineData(new byte[] { }, "")]
    [InlineData(new byte[] { 0 }, "1")]
    [InlineData(new byte[] { 0, 0, 1 }, "112")]
    [InlineData(new byte[] { 0x61 }, "2g")]
    [InlineData(new byte[] { 0x68, 0x65, 0x6c, 0x6c, 0x6f, 0x20, 0x77, 0x6f, 0x72, 0x6c, 0x64 }, "StV1DL6CwTryKyV")]
    public void Base58Btc_KnownValues_RoundTrip(byte[] data, string text)
    {
        Assert.Equal(text, Base58Btc.Encode(data));
        Assert.True(Base58Btc.TryDecode(text, out var decoded));
        Assert.Equal(data, decoded);
    }

    [Fact]
    public void Base58Btc_CharacterOutsideAlphabet_IsRefused() => Assert.False(Base58Btc.TryDecode("0OIl", out _));
}
