using System.Security.Cryptography;

namespace Dataspace.Plugins.Compute.Embedded.Crypto;

/// <summary>X25519 key pairs and agreements over <see cref="Sodium"/>, for the pairwise keys of secure aggregation.</summary>
internal static class X25519
{
    /// <summary>A fresh key pair (secret, public).</summary>
    public static unsafe (byte[] Secret, byte[] Public) Generate()
    {
        var secret = RandomNumberGenerator.GetBytes(Sodium.ElementBytes);
        return (secret, PublicOf(secret));
    }

    /// <summary>The public key of a secret key.</summary>
    public static unsafe byte[] PublicOf(ReadOnlySpan<byte> secret)
    {
        if (secret.Length != Sodium.ElementBytes) throw new ArgumentException("An X25519 secret key has 32 bytes.", nameof(secret));
        var pub = new byte[Sodium.ElementBytes];
        int rc;
        fixed (byte* q = pub) fixed (byte* n = secret) rc = Sodium.crypto_scalarmult_curve25519_base(q, n);
        if (rc != 0) throw new CryptographicException("X25519 public key derivation failed.");
        return pub;
    }

    /// <summary>
    /// Derives a 32-byte key from our secret and a peer's public key, bound to <paramref name="info"/>; false when the
    /// peer's key is malformed or of low order (the shared point would be zero).
    /// </summary>
    public static unsafe bool TryAgree(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> peerPublic, ReadOnlySpan<byte> info, Span<byte> key)
    {
        if (secret.Length != Sodium.ElementBytes || peerPublic.Length != Sodium.ElementBytes || key.Length != 32) return false;
        Span<byte> shared = stackalloc byte[Sodium.ElementBytes];
        int rc;
        fixed (byte* q = shared) fixed (byte* n = secret) fixed (byte* p = peerPublic) rc = Sodium.crypto_scalarmult_curve25519(q, n, p);
        if (rc != 0) return false;
        HKDF.DeriveKey(HashAlgorithmName.SHA256, shared, key, salt: default, info);
        CryptographicOperations.ZeroMemory(shared);
        return true;
    }
}
