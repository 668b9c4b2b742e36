using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Dataspace.Identity.Jose;

namespace Dataspace.Evidence.Checkpoints;

/// <summary>
/// Signature types and key IDs of the signed notes a connector writes:
/// key ID = SHA-256(key name || 0x0A || signature type || public key)[:4], big-endian.
/// </summary>
/// <remarks>
/// Ed25519 keys use the C2SP types: 0x01 for the log's signature, 0x04 for a timestamped witness cosignature
/// (c2sp.org/tlog-cosignature). P-256 keys (ES256, the connector default) have no C2SP type with a name-bound key ID, so
/// they use the private-use byte 0xff followed by an identifier: <c>0xff "dataspace/es256"</c> for the log's signature and
/// <c>0xff "dataspace/es256-cosignature/v1"</c> for a cosignature. The public key is 32 raw bytes (Ed25519) or the
/// uncompressed SEC1 point 0x04 || X || Y (P-256); ES256 signatures are the 64-byte r || s of JWS.
/// </remarks>
public static class NoteKeys
{
    /// <summary>The signature type identifier of an ES256 log signature (after the 0xff byte).</summary>
    public const string Es256Identifier = "dataspace/es256";

    /// <summary>The signature type identifier of an ES256 cosignature (after the 0xff byte).</summary>
    public const string Es256CosignatureIdentifier = "dataspace/es256-cosignature/v1";

    /// <summary>The key ID of a log signature by <paramref name="publicKey"/> under <paramref name="keyName"/>.</summary>
    public static uint SignatureKeyId(string keyName, Jwk publicKey) => KeyId(keyName, SignatureType(publicKey, cosignature: false), PublicKeyBytes(publicKey));

    /// <summary>The key ID of a witness cosignature by <paramref name="publicKey"/> under <paramref name="keyName"/>.</summary>
    public static uint CosignatureKeyId(string keyName, Jwk publicKey) => KeyId(keyName, SignatureType(publicKey, cosignature: true), PublicKeyBytes(publicKey));

    /// <summary>Whether notes can be signed or checked with the key: Ed25519 or P-256.</summary>
    public static bool IsSupported(Jwk publicKey) => publicKey is { Kty: "OKP", Crv: "Ed25519" } or { Kty: "EC", Crv: "P-256" };

    internal static byte[] SignatureType(Jwk publicKey, bool cosignature) => (publicKey.Kty, publicKey.Crv) switch
    {
        ("OKP", "Ed25519") => [cosignature ? (byte)0x04 : (byte)0x01],
        ("EC", "P-256") => [0xff, .. Encoding.ASCII.GetBytes(cosignature ? Es256CosignatureIdentifier : Es256Identifier)],
        _ => throw new ArgumentException($"Checkpoints are signed with Ed25519 or P-256 keys, not {publicKey.Kty} {publicKey.Crv}.", nameof(publicKey)),
    };

    internal static byte[] PublicKeyBytes(Jwk publicKey) => publicKey.Kty == "OKP"
        ? Base64Url.DecodeFromChars(publicKey.X)
        : [0x04, .. Base64Url.DecodeFromChars(publicKey.X), .. Base64Url.DecodeFromChars(publicKey.Y)];

    private static uint KeyId(string keyName, byte[] type, byte[] publicKey)
    {
        if (!SignedCheckpoint.IsValidKeyName(keyName))
        {
            throw new ArgumentException($"The key name '{keyName}' is empty or contains a space or '+'.", nameof(keyName));
        }

        var input = (byte[])[.. Encoding.UTF8.GetBytes(keyName), 0x0A, .. type, .. publicKey];
        return BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(input));
    }
}
