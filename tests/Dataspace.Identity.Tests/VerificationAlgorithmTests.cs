using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Dataspace.Identity.Credentials;
using Dataspace.Identity.Dids;
using Dataspace.Identity.Jose;
using Dataspace.Identity.Tests.Support;

namespace Dataspace.Identity.Tests;

/// <summary>Signatures by keys this library does not make (RSA, P-384, P-521) verify, as DCP expects of implementers.</summary>
public sealed class VerificationAlgorithmTests
{
    public static TheoryData<string> Algorithms() =>
    [
        JwsAlgorithms.ES384, JwsAlgorithms.ES512, JwsAlgorithms.RS256, JwsAlgorithms.RS384, JwsAlgorithms.RS512,
        JwsAlgorithms.PS256, JwsAlgorithms.PS384, JwsAlgorithms.PS512,
    ];

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void ForeignKeySignature_Verifies_AndTamperingOrAnotherAlgorithmFails(string algorithm)
    {
        using var signer = ForeignSigner.Create(algorithm);
        var input = Encoding.ASCII.GetBytes("eyJhbGciOiJYIn0.eyJzdWIiOiJhbGljZSJ9");
        var signature = signer.Sign(input);
        Assert.True(Jwk.TryParse(signer.PublicJwk.ToJsonString(), out var jwk, out var reason), reason);

        Assert.True(JwsVerifier.Verify(algorithm, jwk, input, signature));
        Assert.False(JwsVerifier.Verify(algorithm, jwk, [.. input, (byte)'x'], signature));
        var other = algorithm.StartsWith("RS", StringComparison.Ordinal) ? "PS" + algorithm[2..] : algorithm.StartsWith("PS", StringComparison.Ordinal) ? "RS" + algorithm[2..] : JwsAlgorithms.ES256;
        Assert.False(JwsVerifier.Verify(other, jwk, input, signature));
    }

    [Fact]
    public void ShortRsaKeys_AreRefused()
    {
        using var rsa = RSA.Create(1024);
        var p = rsa.ExportParameters(false);
        var json = new JsonObject { ["kty"] = "RSA", ["n"] = Base64Url.EncodeToString(p.Modulus), ["e"] = Base64Url.EncodeToString(p.Exponent) };

        Assert.False(Jwk.TryParse(json.ToJsonString(), out _, out var reason));
        Assert.Contains("2048", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(JwsAlgorithms.RS256)]
    [InlineData(JwsAlgorithms.ES384)]
    public async Task CredentialFromIssuerWithForeignKey_Verifies(string algorithm)
    {
        using var space = new TestDataspace();
        using var signer = ForeignSigner.Create(algorithm);
        const string issuer = "did:web:rsa-authority.example";
        Assert.True(Jwk.TryParse(signer.PublicJwk.ToJsonString(), out var jwk, out _));
        space.Web.Publish(new DidDocument
        {
            Id = issuer,
            VerificationMethods = [new VerificationMethod { Id = issuer + "#k", Type = "JsonWebKey2020", Controller = issuer, PublicKey = jwk }],
            Relationships = new Dictionary<VerificationRelationship, IReadOnlyList<string>> { [VerificationRelationship.AssertionMethod] = [issuer + "#k"] },
        });
        space.Trust.Update(new Trust.TrustAnchorSet([new Trust.TrustAnchor { Did = issuer, CredentialTypes = ["MembershipCredential"] }]));
        var holder = space.AddParticipant();
        var payload = new JsonObject
        {
            ["@context"] = new JsonArray(CredentialProfiles.Vc20Context),
            ["type"] = new JsonArray("VerifiableCredential", "MembershipCredential"),
            ["issuer"] = issuer,
            ["validFrom"] = "2026-01-01T00:00:00Z",
            ["credentialSubject"] = new JsonObject { ["id"] = holder.Did, ["region"] = "west" },
        };
        var header = new JsonObject { ["alg"] = algorithm, ["typ"] = "vc+jwt", ["kid"] = issuer + "#k" };
        var input = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        var jwt = input + "." + Base64Url.EncodeToString(signer.Sign(Encoding.ASCII.GetBytes(input)));

        var result = await space.Credentials.VerifyCredentialAsync(jwt, holder.Did, CancellationToken.None);

        Assert.True(result.Succeeded, result.Reason);
        Assert.Equal("west", result.Value.Claims.GetProperty("region").GetString());
    }

    /// <summary>Signs with the BCL the way another implementation would, for algorithms we only verify.</summary>
    private sealed class ForeignSigner : IDisposable
    {
        private readonly AsymmetricAlgorithm _key;
        private readonly Func<byte[], byte[]> _sign;

        private ForeignSigner(AsymmetricAlgorithm key, Func<byte[], byte[]> sign, JsonObject publicJwk)
        {
            _key = key;
            _sign = sign;
            PublicJwk = publicJwk;
        }

        public JsonObject PublicJwk { get; }

        public static ForeignSigner Create(string algorithm)
        {
            var hash = algorithm[2..] switch { "384" => HashAlgorithmName.SHA384, "512" => HashAlgorithmName.SHA512, _ => HashAlgorithmName.SHA256 };
            if (algorithm.StartsWith("ES", StringComparison.Ordinal))
            {
                var (curve, name) = algorithm == JwsAlgorithms.ES384 ? (ECCurve.NamedCurves.nistP384, "P-384") : (ECCurve.NamedCurves.nistP521, "P-521");
                var ec = ECDsa.Create(curve);
                var q = ec.ExportParameters(false).Q;
                return new ForeignSigner(ec, data => ec.SignData(data, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
                    new JsonObject { ["kty"] = "EC", ["crv"] = name, ["x"] = Base64Url.EncodeToString(q.X), ["y"] = Base64Url.EncodeToString(q.Y) });
            }

            var rsa = RSA.Create(2048);
            var padding = algorithm.StartsWith("PS", StringComparison.Ordinal) ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1;
            var p = rsa.ExportParameters(false);
            return new ForeignSigner(rsa, data => rsa.SignData(data, hash, padding),
                new JsonObject { ["kty"] = "RSA", ["n"] = Base64Url.EncodeToString(p.Modulus), ["e"] = Base64Url.EncodeToString(p.Exponent) });
        }

        public byte[] Sign(byte[] data) => _sign(data);

        public void Dispose() => _key.Dispose();
    }
}
