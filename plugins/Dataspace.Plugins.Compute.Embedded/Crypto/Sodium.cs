using System.Runtime.InteropServices;

namespace Dataspace.Plugins.Compute.Embedded.Crypto;

/// <summary>
/// The few libsodium functions the components need that NSec does not expose: raw X25519 and ristretto255 group
/// operations. Every output buffer is exactly the size libsodium writes; callers check return codes.
/// </summary>
internal static partial class Sodium
{
    private const string Library = "libsodium";

    /// <summary>X25519 and ristretto255 element and scalar size.</summary>
    public const int ElementBytes = 32;

    /// <summary>Input size of <see cref="crypto_core_ristretto255_from_hash"/> and <see cref="crypto_core_ristretto255_scalar_reduce"/>.</summary>
    public const int WideBytes = 64;

    static Sodium()
    {
        if (sodium_init() < 0) throw new InvalidOperationException("libsodium failed to initialise.");
    }

    /// <summary>Makes sure libsodium is initialised (runs the static constructor once).</summary>
    public static void EnsureInitialized() { }

    [LibraryImport(Library)]
    private static partial int sodium_init();

    /// <summary>q = n·p on Curve25519 (X25519; n is clamped by libsodium). Returns -1 when q is the all-zero point.</summary>
    [LibraryImport(Library)]
    public static unsafe partial int crypto_scalarmult_curve25519(byte* q, byte* n, byte* p);

    /// <summary>q = n·B on Curve25519.</summary>
    [LibraryImport(Library)]
    public static unsafe partial int crypto_scalarmult_curve25519_base(byte* q, byte* n);

    /// <summary>Maps 64 uniform bytes to a ristretto255 element (RFC 9496 one-way map).</summary>
    [LibraryImport(Library)]
    public static unsafe partial int crypto_core_ristretto255_from_hash(byte* p, byte* r);

    /// <summary>1 when p is a canonical encoding of a ristretto255 element.</summary>
    [LibraryImport(Library)]
    public static unsafe partial int crypto_core_ristretto255_is_valid_point(byte* p);

    /// <summary>r = p + q on ristretto255.</summary>
    [LibraryImport(Library)]
    public static unsafe partial int crypto_core_ristretto255_add(byte* r, byte* p, byte* q);

    /// <summary>q = n·p on ristretto255 (n not clamped). Returns -1 when q is the identity.</summary>
    [LibraryImport(Library)]
    public static unsafe partial int crypto_scalarmult_ristretto255(byte* q, byte* n, byte* p);

    /// <summary>q = n·B on ristretto255.</summary>
    [LibraryImport(Library)]
    public static unsafe partial int crypto_scalarmult_ristretto255_base(byte* q, byte* n);

    /// <summary>A uniformly random non-zero scalar mod L.</summary>
    [LibraryImport(Library)]
    public static unsafe partial void crypto_core_ristretto255_scalar_random(byte* r);

    /// <summary>r = s mod L for a 64-byte s.</summary>
    [LibraryImport(Library)]
    public static unsafe partial void crypto_core_ristretto255_scalar_reduce(byte* r, byte* s);

    /// <summary>recip = s⁻¹ mod L; -1 when s is zero.</summary>
    [LibraryImport(Library)]
    public static unsafe partial int crypto_core_ristretto255_scalar_invert(byte* recip, byte* s);

    /// <summary>z = x·y mod L.</summary>
    [LibraryImport(Library)]
    public static unsafe partial void crypto_core_ristretto255_scalar_mul(byte* z, byte* x, byte* y);

    /// <summary>z = x + y mod L.</summary>
    [LibraryImport(Library)]
    public static unsafe partial void crypto_core_ristretto255_scalar_add(byte* z, byte* x, byte* y);

    /// <summary>z = x − y mod L.</summary>
    [LibraryImport(Library)]
    public static unsafe partial void crypto_core_ristretto255_scalar_sub(byte* z, byte* x, byte* y);
}
