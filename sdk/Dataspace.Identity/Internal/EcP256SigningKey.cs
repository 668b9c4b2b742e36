using System.Buffers.Text;
using System.Security.Cryptography;
using Dataspace.Identity.Jose;

namespace Dataspace.Identity.Internal;

/// <summary>An ES256 key backed by the platform's ECDsa.</summary>
internal sealed class EcP256SigningKey : SigningKey
{
    private readonly ECDsa _ecdsa;

    private EcP256SigningKey(ECDsa ecdsa)
    {
        _ecdsa = ecdsa;
        var p = ecdsa.ExportParameters(false);
        PublicJwk = new Jwk { Kty = "EC", Crv = "P-256", X = Base64Url.EncodeToString(p.Q.X), Y = Base64Url.EncodeToString(p.Q.Y) };
    }

    public override string Algorithm => JwsAlgorithms.ES256;

    public override Jwk PublicJwk { get; }

    public static EcP256SigningKey Generate() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    public static EcP256SigningKey Import(Jwk jwk) => new(ECDsa.Create(ToEcParameters(jwk)));

    public override byte[] Sign(ReadOnlySpan<byte> data) =>
        _ecdsa.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    internal override Jwk ExportPrivateJwk() =>
        PublicJwk with { D = Base64Url.EncodeToString(_ecdsa.ExportParameters(true).D) };

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _ecdsa.Dispose();
        }
    }
}
