using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using Dataspace.Identity.Internal;
using Dataspace.Identity.Jose;
using Dataspace.Identity.Multiformats;

namespace Dataspace.Identity.Dids;

/// <summary>Converts public JWKs to and from multicodec-prefixed base58btc keys (<c>z6Mk…</c> Ed25519, <c>zDn…</c> P-256).</summary>
public static class MultikeyCodec
{
    /// <summary>The multibase form of a public key, as in did:key and <c>publicKeyMultibase</c>.</summary>
    public static string Encode(Jwk publicKey)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        return publicKey.Crv switch
        {
            "Ed25519" => Multibase.EncodeBase58Btc(Multicodec.Encode(Multicodec.Ed25519Public, Base64Url.DecodeFromChars(publicKey.X))),
            "P-256" => Multibase.EncodeBase58Btc(Multicodec.Encode(
                Multicodec.P256Public,
                P256Point.Compress(Base64Url.DecodeFromChars(publicKey.X), Base64Url.DecodeFromChars(publicKey.Y)))),
            _ => throw new ArgumentException($"Unsupported curve '{publicKey.Crv}'.", nameof(publicKey)),
        };
    }

    /// <summary>Reads a multibase key back into a public JWK; false with a reason for another key type or bad bytes.</summary>
    public static bool TryDecode(string multibase, [NotNullWhen(true)] out Jwk? publicKey, [NotNullWhen(false)] out string? reason)
    {
        publicKey = null;
        if (!Multibase.TryDecode(multibase, out var bytes) || !Multicodec.TryDecode(bytes, out var code, out var key))
        {
            reason = $"'{multibase}' is not a multibase, multicodec-prefixed key";
            return false;
        }

        switch (code)
        {
            case Multicodec.Ed25519Public when key.Length == 32:
                publicKey = new Jwk { Kty = "OKP", Crv = "Ed25519", X = Base64Url.EncodeToString(key) };
                reason = null;
                return true;
            case Multicodec.P256Public when P256Point.TryDecompress(key, out var x, out var y):
                publicKey = new Jwk { Kty = "EC", Crv = "P-256", X = Base64Url.EncodeToString(x), Y = Base64Url.EncodeToString(y) };
                reason = null;
                return true;
            case Multicodec.Ed25519Public or Multicodec.P256Public:
                reason = $"'{multibase}' has a malformed key of {key.Length} bytes";
                return false;
            default:
                reason = $"multicodec 0x{code:x} is not supported; expected ed25519-pub (0xed) or p256-pub (0x1200)";
                return false;
        }
    }
}
