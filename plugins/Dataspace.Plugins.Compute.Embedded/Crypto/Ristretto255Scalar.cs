using System.Security.Cryptography;

namespace Dataspace.Plugins.Compute.Embedded.Crypto;

/// <summary>A scalar modulo the ristretto255 group order L, held in its canonical 32-byte little-endian encoding.</summary>
/// <remarks>Immutable: every operation returns a new scalar. <c>default</c> is not a valid scalar.</remarks>
internal readonly struct Ristretto255Scalar : IEquatable<Ristretto255Scalar>
{
    /// <summary>Encoded size.</summary>
    public const int Size = Sodium.ElementBytes;

    // L = 2^252 + 27742317777372353535851937790883648493, little-endian.
    private static ReadOnlySpan<byte> Order =>
    [
        0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
    ];

    private readonly byte[] _bytes;

    private Ristretto255Scalar(byte[] bytes) => _bytes = bytes;

    /// <summary>Whether the scalar is zero.</summary>
    public bool IsZero => CryptographicOperations.FixedTimeEquals(Bytes, new byte[Size]);

    private byte[] Bytes => _bytes ?? throw new InvalidOperationException("An uninitialised ristretto255 scalar.");

    /// <summary>A uniformly random non-zero scalar.</summary>
    public static unsafe Ristretto255Scalar Random()
    {
        Sodium.EnsureInitialized();
        var r = new byte[Size];
        fixed (byte* p = r) Sodium.crypto_core_ristretto255_scalar_random(p);
        return new Ristretto255Scalar(r);
    }

    /// <summary>Reduces 64 bytes, read as a little-endian integer, modulo L (RFC 9497 HashToScalar's last step).</summary>
    public static unsafe Ristretto255Scalar FromWide(ReadOnlySpan<byte> wide)
    {
        if (wide.Length != Sodium.WideBytes) throw new ArgumentException($"A wide scalar is {Sodium.WideBytes} bytes, not {wide.Length}.", nameof(wide));
        Sodium.EnsureInitialized();
        var input = wide.ToArray();
        var r = new byte[Size];
        fixed (byte* p = r) fixed (byte* s = input) Sodium.crypto_core_ristretto255_scalar_reduce(p, s);
        return new Ristretto255Scalar(r);
    }

    /// <summary>Decodes a canonical scalar (32 bytes, little-endian, below L); false otherwise.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> encoded, out Ristretto255Scalar scalar)
    {
        scalar = default;
        if (encoded.Length != Size) return false;
        // Canonical means strictly below L: compare from the most significant byte down.
        for (var i = Size - 1; i >= 0; i--)
        {
            if (encoded[i] < Order[i]) { scalar = new Ristretto255Scalar(encoded.ToArray()); return true; }
            if (encoded[i] > Order[i]) return false;
        }
        return false;
    }

    /// <summary>The multiplicative inverse; throws for zero, which has none.</summary>
    public unsafe Ristretto255Scalar Invert()
    {
        var r = new byte[Size];
        int rc;
        fixed (byte* p = r) fixed (byte* s = Bytes) rc = Sodium.crypto_core_ristretto255_scalar_invert(p, s);
        if (rc != 0) throw new CryptographicException("Zero has no inverse modulo the ristretto255 group order.");
        return new Ristretto255Scalar(r);
    }

    /// <summary>this · other mod L.</summary>
    public unsafe Ristretto255Scalar Multiply(Ristretto255Scalar other)
    {
        var r = new byte[Size];
        fixed (byte* z = r) fixed (byte* x = Bytes) fixed (byte* y = other.Bytes) Sodium.crypto_core_ristretto255_scalar_mul(z, x, y);
        return new Ristretto255Scalar(r);
    }

    /// <summary>this − other mod L.</summary>
    public unsafe Ristretto255Scalar Subtract(Ristretto255Scalar other)
    {
        var r = new byte[Size];
        fixed (byte* z = r) fixed (byte* x = Bytes) fixed (byte* y = other.Bytes) Sodium.crypto_core_ristretto255_scalar_sub(z, x, y);
        return new Ristretto255Scalar(r);
    }

    /// <summary>Writes the 32-byte canonical encoding.</summary>
    public void Encode(Span<byte> destination) => Bytes.CopyTo(destination);

    /// <summary>The 32-byte canonical encoding, as a new array.</summary>
    public byte[] ToArray() => (byte[])Bytes.Clone();

    /// <summary>The encoding, for the group operations in this folder.</summary>
    internal ReadOnlySpan<byte> Span => Bytes;

    /// <inheritdoc/>
    public bool Equals(Ristretto255Scalar other) => CryptographicOperations.FixedTimeEquals(Bytes, other.Bytes);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Ristretto255Scalar other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => BitConverter.ToInt32(Bytes, 0);

    /// <summary>Equality of scalars.</summary>
    public static bool operator ==(Ristretto255Scalar left, Ristretto255Scalar right) => left.Equals(right);

    /// <summary>Inequality of scalars.</summary>
    public static bool operator !=(Ristretto255Scalar left, Ristretto255Scalar right) => !left.Equals(right);
}
