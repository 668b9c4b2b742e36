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
        if (algorithm != publicKey.Algorithm)
        {
            return false;
        }

        try
        {
            if (algorithm == JwsAlgorithms.EdDSA)
            {
                var raw = Base64Url.DecodeFromChars(publicKey.X);
                if (!NSec.Cryptography.PublicKey.TryImport(SignatureAlgorithm.Ed25519, raw, KeyBlobFormat.RawPublicKey, out var key) || key is null)
                {
                    return false;
                }

                return SignatureAlgorithm.Ed25519.Verify(key, data, signature);
            }

            if (algorithm == JwsAlgorithms.ES256 && signature.Length == 64)
            {
                using var ecdsa = ECDsa.Create(SigningKey.ToEcParameters(publicKey.ToPublic()));
                return ecdsa.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            }
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

        return false;
    }
}
