using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Dataspace.Plugins.Compute.Embedded.Crypto;

namespace Dataspace.Plugins.Compute.Embedded.Oprf;

/// <summary>
/// RFC 9497 OPRF and VOPRF with the ciphersuite ristretto255-SHA512: key derivation, Blind, BlindEvaluate, Finalize
/// and Evaluate. Stateless and safe to share; one instance per mode.
/// </summary>
internal sealed partial class Ristretto255Oprf
{
    /// <summary>The ciphersuite identifier.</summary>
    public const string Identifier = "ristretto255-SHA512";

    /// <summary>Size of an output (Nh, SHA-512).</summary>
    public const int OutputSize = 64;

    private static readonly byte[] FinalizeLabel = "Finalize"u8.ToArray();

    private readonly byte[] _hashToGroupDst;
    private readonly byte[] _hashToScalarDst;
    private readonly byte[] _deriveKeyPairDst;
    private readonly byte[] _seedDst;

    /// <summary>The base OPRF (mode 0).</summary>
    public static Ristretto255Oprf Base { get; } = new(OprfMode.Oprf);

    /// <summary>The verifiable OPRF (mode 1).</summary>
    public static Ristretto255Oprf Verifiable { get; } = new(OprfMode.Voprf);

    private Ristretto255Oprf(OprfMode mode)
    {
        Mode = mode;
        // contextString = "OPRFV1-" || I2OSP(mode, 1) || "-" || identifier
        ContextString = [.. "OPRFV1-"u8, (byte)mode, (byte)'-', .. Encoding.ASCII.GetBytes(Identifier)];
        _hashToGroupDst = [.. "HashToGroup-"u8, .. ContextString];
        _hashToScalarDst = [.. "HashToScalar-"u8, .. ContextString];
        _deriveKeyPairDst = [.. "DeriveKeyPair"u8, .. ContextString];
        _seedDst = [.. "Seed-"u8, .. ContextString];
    }

    /// <summary>The protocol variant.</summary>
    public OprfMode Mode { get; }

    /// <summary>The context string of this mode and ciphersuite.</summary>
    public byte[] ContextString { get; }

    /// <summary>HashToGroup with this context's tag.</summary>
    /// <exception cref="CryptographicException">The input maps to the identity (InvalidInputError; negligible).</exception>
    public Ristretto255Element HashToGroup(ReadOnlySpan<byte> input) => HashToCurve.HashToRistretto255(input, _hashToGroupDst);

    /// <summary>HashToScalar with this context's tag.</summary>
    public Ristretto255Scalar HashToScalar(ReadOnlySpan<byte> input) => HashToCurve.HashToScalar(input, _hashToScalarDst);

    /// <summary>DeriveKeyPair(seed, info) of RFC 9497 section 3.2.1.</summary>
    public (Ristretto255Scalar SecretKey, Ristretto255Element PublicKey) DeriveKeyPair(ReadOnlySpan<byte> seed, ReadOnlySpan<byte> info)
    {
        if (seed.Length != Ristretto255Scalar.Size) throw new ArgumentException($"A seed is {Ristretto255Scalar.Size} bytes.", nameof(seed));
        if (info.Length > ushort.MaxValue) throw new ArgumentException("The info string is too long.", nameof(info));
        // deriveInput = seed || I2OSP(len(info), 2) || info, then || I2OSP(counter, 1).
        var input = new byte[seed.Length + 2 + info.Length + 1];
        seed.CopyTo(input);
        BinaryPrimitives.WriteUInt16BigEndian(input.AsSpan(seed.Length), (ushort)info.Length);
        info.CopyTo(input.AsSpan(seed.Length + 2));
        for (var counter = 0; counter <= 255; counter++)
        {
            input[^1] = (byte)counter;
            var sk = HashToCurve.HashToScalar(input, _deriveKeyPairDst);
            if (!sk.IsZero) return (sk, Ristretto255Element.MultiplyGenerator(sk));
        }
        throw new CryptographicException("DeriveKeyPairError: no non-zero key in 256 attempts.");
    }

    /// <summary>Blind(input): a fresh random blind and the blinded element to send to the server.</summary>
    public (Ristretto255Scalar Blind, Ristretto255Element BlindedElement) Blind(ReadOnlySpan<byte> input)
        => Blind(input, Ristretto255Scalar.Random());

    /// <summary>Blind with a given blind (the RFC's test vectors fix it).</summary>
    public (Ristretto255Scalar Blind, Ristretto255Element BlindedElement) Blind(ReadOnlySpan<byte> input, Ristretto255Scalar blind)
        => (blind, HashToGroup(input).Multiply(blind));

    /// <summary>BlindEvaluate(skS, blindedElement) = skS · blindedElement.</summary>
    public static Ristretto255Element BlindEvaluate(Ristretto255Scalar secretKey, Ristretto255Element blindedElement)
        => blindedElement.Multiply(secretKey);

    /// <summary>Finalize(input, blind, evaluatedElement): unblinds and hashes into the 64-byte output.</summary>
    public static byte[] Finalize(ReadOnlySpan<byte> input, Ristretto255Scalar blind, Ristretto255Element evaluatedElement)
        => HashOutput(input, evaluatedElement.Multiply(blind.Invert()));

    /// <summary>Evaluate(skS, input): the output computed directly by the key holder, equal to the client's Finalize.</summary>
    public Ristretto255Element EvaluateElement(Ristretto255Scalar secretKey, ReadOnlySpan<byte> input)
        => HashToGroup(input).Multiply(secretKey);

    /// <summary>Evaluate(skS, input) of RFC 9497 section 3.3.1.</summary>
    public byte[] Evaluate(Ristretto255Scalar secretKey, ReadOnlySpan<byte> input) => HashOutput(input, EvaluateElement(secretKey, input));

    /// <summary>Hash(I2OSP(len(input), 2) || input || I2OSP(32, 2) || element || "Finalize").</summary>
    public static byte[] HashOutput(ReadOnlySpan<byte> input, Ristretto255Element unblinded)
    {
        if (input.Length > ushort.MaxValue) throw new ArgumentException("An OPRF input is at most 65535 bytes.", nameof(input));
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
        Span<byte> length = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)input.Length);
        hash.AppendData(length);
        hash.AppendData(input);
        BinaryPrimitives.WriteUInt16BigEndian(length, Ristretto255Element.Size);
        hash.AppendData(length);
        hash.AppendData(unblinded.Span);
        hash.AppendData(FinalizeLabel);
        return hash.GetHashAndReset();
    }
}
