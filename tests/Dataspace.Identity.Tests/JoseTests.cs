using System.Buffers.Text;
using System.Text;
using System.Text.Json.Nodes;
using Dataspace.Identity.Jose;

namespace Dataspace.Identity.Tests;

public sealed class JoseTests
{
    // RFC 8037, appendix A.1 and A.4: an Ed25519 key and the JWS it produces (Ed25519 signatures are deterministic).
    private const string Rfc8037D = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A";
    private const string Rfc8037X = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
    private const string Rfc8037SigningInput = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc";
    private const string Rfc8037Signature = "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";

    [Fact]
    public void Ed25519_Rfc8037Vector_SignsAndVerifiesExactly()
    {
        using var key = SigningKey.FromPrivateJwk(new Jwk { Kty = "OKP", Crv = "Ed25519", X = Rfc8037X, D = Rfc8037D });

        Assert.Equal(Rfc8037X, key.PublicJwk.X);
        Assert.Equal(Rfc8037Signature, Base64Url.EncodeToString(key.Sign(Encoding.ASCII.GetBytes(Rfc8037SigningInput))));
        Assert.True(JwsVerifier.Verify(JwsAlgorithms.EdDSA, key.PublicJwk.ToPublic(), Encoding.ASCII.GetBytes(Rfc8037SigningInput), Base64Url.DecodeFromChars(Rfc8037Signature)));
        Assert.False(JwsVerifier.Verify(JwsAlgorithms.EdDSA, key.PublicJwk, Encoding.ASCII.GetBytes(Rfc8037SigningInput + "x"), Base64Url.DecodeFromChars(Rfc8037Signature)));
    }

    [Theory]
    [InlineData(JwsAlgorithms.ES256)]
    [InlineData(JwsAlgorithms.EdDSA)]
    public void Sign_ThenParse_VerifiesAndReadsClaims(string algorithm)
    {
        using var key = SigningKey.Generate(algorithm);
        var token = CompactJws.Sign(new JsonObject { ["iss"] = "did:example:a", ["aud"] = new JsonArray("x", "y"), ["exp"] = 1_800_000_000 }, key, "did:example:a#k1");

        Assert.True(CompactJws.TryParse(token, out var jws, out var reason), reason);
        Assert.Equal(algorithm, jws.Algorithm);
        Assert.Equal("did:example:a#k1", jws.KeyId);
        Assert.Equal("did:example:a", jws.GetString("iss"));
        Assert.Equal(["x", "y"], jws.GetAudience());
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000), jws.GetTime("exp"));
        Assert.True(jws.VerifySignature(key.PublicJwk));
    }

    [Fact]
    public void FullySpecifiedEd25519Alg_Verifies_LikeEdDSA()
    {
        using var key = SigningKey.Generate(JwsAlgorithms.EdDSA);
        var token = CompactJws.Sign(new JsonObject { ["alg"] = "Ed25519", ["typ"] = "JWT" }, new JsonObject { ["sub"] = "alice" }, key);

        Assert.True(CompactJws.TryParse(token, out var jws, out _));
        Assert.Equal("Ed25519", jws.Algorithm);
        Assert.True(jws.VerifySignature(key.PublicJwk));
    }

    [Theory]
    [InlineData(JwsAlgorithms.ES256)]
    [InlineData(JwsAlgorithms.EdDSA)]
    public void VerifySignature_TamperedPayloadOrOtherKey_IsFalse(string algorithm)
    {
        using var key = SigningKey.Generate(algorithm);
        using var other = SigningKey.Generate(algorithm);
        var token = CompactJws.Sign(new JsonObject { ["sub"] = "alice" }, key, "k");
        var parts = token.Split('.');
        var tampered = parts[0] + "." + Base64Url.EncodeToString("{\"sub\":\"mallory\"}"u8) + "." + parts[2];

        Assert.True(CompactJws.TryParse(tampered, out var bad, out _));
        Assert.False(bad.VerifySignature(key.PublicJwk));
        Assert.True(CompactJws.TryParse(token, out var good, out _));
        Assert.False(good.VerifySignature(other.PublicJwk));
    }

    [Fact]
    public void VerifySignature_KeyOfOtherAlgorithm_IsFalse()
    {
        using var ec = SigningKey.Generate(JwsAlgorithms.ES256);
        using var ed = SigningKey.Generate(JwsAlgorithms.EdDSA);
        var token = CompactJws.Sign(new JsonObject { ["sub"] = "alice" }, ec, "k");

        Assert.True(CompactJws.TryParse(token, out var jws, out _));
        Assert.False(jws.VerifySignature(ed.PublicJwk));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("abc", "3 dot-separated parts")]
    [InlineData("a.b.c.d", "3 dot-separated parts")]
    [InlineData("e30.e30.!!", "signature is not base64url")]
    [InlineData("bm90IGpzb24.e30.AA", "header")]
    [InlineData("e30.e30.AA", "no 'alg'")]
    public void TryParse_Malformed_SaysWhy(string token, string expected)
    {
        Assert.False(CompactJws.TryParse(token, out _, out var reason));
        Assert.Contains(expected, reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(JwsAlgorithms.ES256)]
    [InlineData(JwsAlgorithms.EdDSA)]
    public void PrivateJwk_RoundTrips_AndNeverShowsInText(string algorithm)
    {
        using var key = SigningKey.Generate(algorithm);
        var jwk = key.ExportPrivateJwk();
        using var imported = SigningKey.FromPrivateJwk(jwk);

        Assert.Equal(key.PublicJwk, imported.PublicJwk);
        Assert.NotNull(jwk.D);
        Assert.DoesNotContain(jwk.D, jwk.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(jwk.D, key.ToString()!, StringComparison.Ordinal);
        Assert.DoesNotContain("\"d\"", key.PublicJwk.ToJson().ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("\"d\"", jwk.ToJson(includePrivate: true).ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void CompactJws_TryParse_InvalidUtf8InHeader_ReturnsFalse()
    {
        byte[] header = [.. "{\"alg\":\"ES256\",\"kid\":\""u8, 0xC3, 0x28, .. "\"}"u8];
        var token = System.Buffers.Text.Base64Url.EncodeToString(header) + "." + System.Buffers.Text.Base64Url.EncodeToString("{}"u8) + ".AA";
        Assert.False(CompactJws.TryParse(token, out _, out var reason));
        Assert.False(string.IsNullOrEmpty(reason));
    }

    [Theory]
    [InlineData("{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"igrFmi0whuihKnj9R3Om1SoMph72wUGeFaBbzG2vzns\",\"y\":\"efsX5b10x8yjyrj4ny3pGfLcY7Xby1KzgqOdqnsrJIM\"}", true)]
    [InlineData("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}", true)]
    [InlineData("{\"kty\":\"EC\",\"crv\":\"P-384\",\"x\":\"AA\",\"y\":\"AA\"}", false)]
    [InlineData("{\"kty\":\"RSA\",\"n\":\"AA\",\"e\":\"AQAB\"}", false)]
    [InlineData("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"AAAA\"}", false)]
    [InlineData("[]", false)]
    [InlineData("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHUR!\"}", false)]
    [InlineData("{\"kty\":\"RSA\",\"n\":\"!!\",\"e\":\"AQAB\"}", false)]
    public void Jwk_TryParse_AcceptsOnlyP256AndEd25519(string json, bool accepted)
    {
        Assert.Equal(accepted, Jwk.TryParse(json, out var jwk, out var reason));
        if (accepted)
        {
            Assert.NotNull(jwk);
        }
        else
        {
            Assert.False(string.IsNullOrEmpty(reason));
        }
    }
}
