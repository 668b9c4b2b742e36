using System.Security.Cryptography;

namespace Dataspace.Plugins.Compute.Embedded.Crypto;

/// <summary>
/// A ristretto255 group element (RFC 9496) other than the identity, held in its canonical 32-byte encoding.
/// Every element decoded from a peer goes through <see cref="TryDecode"/>, which rejects non-canonical encodings and
/// the identity (RFC 9497 section 3.3 requires both checks).
/// </summary>
/// <remarks>Immutable. <c>default</c> is not a valid element.</remarks>
internal readonly struct Ristretto255Element : IEquatable<Ristretto255Element>
{
    /// <summary>Encoded size.</summary>
    public const int Size = Sodium.ElementBytes;

    private readonly byte[] _bytes;

    private Ristretto255Element(byte[] bytes) => _bytes = bytes;

    private byte[] Bytes => _bytes ?? throw new InvalidOperationException("An uninitialised ristretto255 element.");

    /// <summary>Why an encoding is refused, or null when it is a valid non-identity element.</summary>
    public static unsafe string? Validate(ReadOnlySpan<byte> encoded)
    {
        if (encoded.Length != Size) return $"an element is {Size} bytes, not {encoded.Length}";
        // The identity's only canonical encoding is all zeros; libsodium accepts it as a valid point.
        if (encoded.IndexOfAnyExcept((byte)0) < 0) return "the identity element is not allowed";
        Sodium.EnsureInitialized();
        fixed (byte* p = encoded)
            if (Sodium.crypto_core_ristretto255_is_valid_point(p) != 1) return "not a canonical ristretto255 encoding";
        return null;
    }

    /// <summary>Decodes a canonical, non-identity element; false otherwise.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> encoded, out Ristretto255Element element)
    {
        element = default;
        if (Validate(encoded) is not null) return false;
        element = new Ristretto255Element(encoded.ToArray());
        return true;
    }

    /// <summary>The RFC 9496 one-way map of 64 uniform bytes (hash_to_ristretto255's last step).</summary>
    /// <exception cref="CryptographicException">The map gave the identity (negligible probability).</exception>
    public static unsafe Ristretto255Element FromUniformBytes(ReadOnlySpan<byte> uniform)
    {
        if (uniform.Length != Sodium.WideBytes) throw new ArgumentException($"The map takes {Sodium.WideBytes} bytes, not {uniform.Length}.", nameof(uniform));
        Sodium.EnsureInitialized();
        var r = new byte[Size];
        int rc;
        fixed (byte* p = r) fixed (byte* h = uniform) rc = Sodium.crypto_core_ristretto255_from_hash(p, h);
        if (rc != 0 || r.AsSpan().IndexOfAnyExcept((byte)0) < 0) throw new CryptographicException("The input hashed to the identity element.");
        return new Ristretto255Element(r);
    }

    /// <summary>s·B for the group's generator B.</summary>
    public static unsafe Ristretto255Element MultiplyGenerator(Ristretto255Scalar scalar)
    {
        Sodium.EnsureInitialized();
        var r = new byte[Size];
        int rc;
        fixed (byte* q = r) fixed (byte* n = scalar.Span) rc = Sodium.crypto_scalarmult_ristretto255_base(q, n);
        if (rc != 0) throw new CryptographicException("The scalar multiple is the identity (zero scalar).");
        return new Ristretto255Element(r);
    }

    /// <summary>s·this.</summary>
    /// <exception cref="CryptographicException">The result is the identity, which only a zero scalar gives in a prime-order group.</exception>
    public unsafe Ristretto255Element Multiply(Ristretto255Scalar scalar)
    {
        var r = new byte[Size];
        int rc;
        fixed (byte* q = r) fixed (byte* n = scalar.Span) fixed (byte* p = Bytes) rc = Sodium.crypto_scalarmult_ristretto255(q, n, p);
        if (rc != 0) throw new CryptographicException("The scalar multiple is the identity (zero scalar).");
        return new Ristretto255Element(r);
    }

    /// <summary>this + other.</summary>
    /// <exception cref="CryptographicException">The sum is the identity.</exception>
    public unsafe Ristretto255Element Add(Ristretto255Element other)
    {
        var r = new byte[Size];
        int rc;
        fixed (byte* z = r) fixed (byte* x = Bytes) fixed (byte* y = other.Bytes) rc = Sodium.crypto_core_ristretto255_add(z, x, y);
        if (rc != 0 || r.AsSpan().IndexOfAnyExcept((byte)0) < 0) throw new CryptographicException("The sum is the identity element.");
        return new Ristretto255Element(r);
    }

    /// <summary>Writes the 32-byte canonical encoding.</summary>
    public void Encode(Span<byte> destination) => Bytes.CopyTo(destination);

    /// <summary>The 32-byte canonical encoding, as a new array.</summary>
    public byte[] ToArray() => (byte[])Bytes.Clone();

    /// <summary>The encoding, for hashing without a copy.</summary>
    public ReadOnlySpan<byte> Span => Bytes;

    /// <inheritdoc/>
    public bool Equals(Ristretto255Element other) => CryptographicOperations.FixedTimeEquals(Bytes, other.Bytes);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Ristretto255Element other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => BitConverter.ToInt32(Bytes, 0);

    /// <summary>Equality of elements (canonical encodings are unique).</summary>
    public static bool operator ==(Ristretto255Element left, Ristretto255Element right) => left.Equals(right);

    /// <summary>Inequality of elements.</summary>
    public static bool operator !=(Ristretto255Element left, Ristretto255Element right) => !left.Equals(right);
}
