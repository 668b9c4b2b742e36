using System.Buffers.Text;
using System.Security.Cryptography;
using NSec.Cryptography;

namespace Dataspace.Identity.Jose;

/// <summary>Checks JWS signatures against public JWKs.</summary>
public static class JwsVerifier
{
    /// <summary>Whether <paramref name="signature"/> over <paramref name="data"/> is valid for the algorithm and public key.</summary>
    /// <remarks>False, never an exception, for a key that does not match the algorithm or is not on its curve.</remarks>
    public static bool Verify(string algorithm, Jwk publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        algorithm = JwsAlgorithms.Normalize(algorithm)!;
        try
        {
            return (algorithm, publicKey.Kty, publicKey.Crv) switch
            {
                (JwsAlgorithms.EdDSA, "OKP", "Ed25519") => VerifyEd25519(publicKey, data, signature),
                (JwsAlgorithms.ES256, "EC", "P-256") => VerifyEc(publicKey, ECCurve.NamedCurves.nistP256, HashAlgorithmName.SHA256, 64, data, signature),
                (JwsAlgorithms.ES384, "EC", "P-384") => VerifyEc(publicKey, ECCurve.NamedCurves.nistP384, HashAlgorithmName.SHA384, 96, data, signature),
                (JwsAlgorithms.ES512, "EC", "P-521") => VerifyEc(publicKey, ECCurve.NamedCurves.nistP521, HashAlgorithmName.SHA512, 132, data, signature),
                (JwsAlgorithms.RS256, "RSA", _) => VerifyRsa(publicKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1, data, signature),
                (JwsAlgorithms.RS384, "RSA", _) => VerifyRsa(publicKey, HashAlgorithmName.SHA384, RSASignaturePadding.Pkcs1, data, signature),
                (JwsAlgorithms.RS512, "RSA", _) => VerifyRsa(publicKey, HashAlgorithmName.SHA512, RSASignaturePadding.Pkcs1, data, signature),
                (JwsAlgorithms.PS256, "RSA", _) => VerifyRsa(publicKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pss, data, signature),
                (JwsAlgorithms.PS384, "RSA", _) => VerifyRsa(publicKey, HashAlgorithmName.SHA384, RSASignaturePadding.Pss, data, signature),
                (JwsAlgorithms.PS512, "RSA", _) => VerifyRsa(publicKey, HashAlgorithmName.SHA512, RSASignaturePadding.Pss, data, signature),
                _ => false,
            };
        }
        catch (CryptographicException)
        {
            // A point off the curve or a malformed key: not a valid signature.
            return false;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static bool VerifyEd25519(Jwk publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        var raw = Base64Url.DecodeFromChars(publicKey.X);
        return NSec.Cryptography.PublicKey.TryImport(SignatureAlgorithm.Ed25519, raw, KeyBlobFormat.RawPublicKey, out var key) && key is not null
            && SignatureAlgorithm.Ed25519.Verify(key, data, signature);
    }

    private static bool VerifyEc(Jwk publicKey, ECCurve curve, HashAlgorithmName hash, int signatureLength, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != signatureLength)
        {
            return false;
        }

        using var ecdsa = ECDsa.Create(new ECParameters
        {
            Curve = curve,
            Q = new ECPoint { X = Base64Url.DecodeFromChars(publicKey.X), Y = Base64Url.DecodeFromChars(publicKey.Y) },
        });
        return ecdsa.VerifyData(data, signature, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    private static bool VerifyRsa(Jwk publicKey, HashAlgorithmName hash, RSASignaturePadding padding, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        using var rsa = RSA.Create(new RSAParameters { Modulus = Base64Url.DecodeFromChars(publicKey.N), Exponent = Base64Url.DecodeFromChars(publicKey.E) });
        return rsa.VerifyData(data, signature, hash, padding);
    }
}
