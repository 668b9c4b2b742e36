using System.Buffers.Text;
using System.Security.Cryptography;
using Dataspace.Identity.Internal;

namespace Dataspace.Identity.Jose;

/// <summary>A private key that signs JWS: P-256 (ES256) or Ed25519 (EdDSA).</summary>
/// <remarks>The private part never leaves through <see cref="ToString"/> or <see cref="PublicJwk"/>; dispose when done.</remarks>
public abstract class SigningKey : IDisposable
{
    private protected SigningKey() { }

    /// <summary>The JWS algorithm: <see cref="JwsAlgorithms.ES256"/> or <see cref="JwsAlgorithms.EdDSA"/>.</summary>
    public abstract string Algorithm { get; }

    /// <summary>The public key as a JWK (no private part, no kid).</summary>
    public abstract Jwk PublicJwk { get; }

    /// <summary>Signs the data and returns the JWS signature bytes (raw r||s for ES256).</summary>
    public abstract byte[] Sign(ReadOnlySpan<byte> data);

    /// <summary>The private key as a JWK, for the encrypted key store only.</summary>
    internal abstract Jwk ExportPrivateJwk();

    /// <summary>Creates a new random key for the algorithm.</summary>
    public static SigningKey Generate(string algorithm) => algorithm switch
    {
        JwsAlgorithms.ES256 => EcP256SigningKey.Generate(),
        JwsAlgorithms.EdDSA => Ed25519SigningKey.Generate(),
        _ => throw new ArgumentException($"Unsupported algorithm '{algorithm}'; expected ES256 or EdDSA.", nameof(algorithm)),
    };

    /// <summary>Imports a private key from a JWK that has its <c>d</c> member.</summary>
    public static SigningKey FromPrivateJwk(Jwk jwk)
    {
        ArgumentNullException.ThrowIfNull(jwk);
        if (jwk.D is null)
        {
            throw new ArgumentException("The JWK has no private part ('d').", nameof(jwk));
        }

        return jwk.Crv switch
        {
            "P-256" => EcP256SigningKey.Import(jwk),
            "Ed25519" => Ed25519SigningKey.Import(Base64Url.DecodeFromChars(jwk.D)),
            _ => throw new ArgumentException($"Unsupported curve '{jwk.Crv}'.", nameof(jwk)),
        };
    }

    /// <summary>Names the algorithm and public key only.</summary>
    public override string ToString() => $"{Algorithm} {PublicJwk}";

    /// <summary>Releases the private key.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the private key material.</summary>
    protected abstract void Dispose(bool disposing);

    internal static ECParameters ToEcParameters(Jwk jwk) => new()
    {
        Curve = ECCurve.NamedCurves.nistP256,
        Q = new ECPoint { X = Base64Url.DecodeFromChars(jwk.X), Y = Base64Url.DecodeFromChars(jwk.Y) },
        D = jwk.D is null ? null : Base64Url.DecodeFromChars(jwk.D),
    };
}
