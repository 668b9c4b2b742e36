using System.Security.Cryptography;

namespace Dataspace.Evidence.Merkle;

/// <summary>RFC 9162 tree hashing with SHA-256, the default and what Certificate Transparency uses.</summary>
public sealed class Sha256TreeHasher : ITreeHasher
{
    private static readonly byte[] Empty = SHA256.HashData([]);

    /// <summary>The one instance; the hasher has no state.</summary>
    public static Sha256TreeHasher Instance { get; } = new();

    private Sha256TreeHasher() { }

    /// <inheritdoc/>
    public string Name => TreeHashers.Sha256;

    /// <inheritdoc/>
    public int HashSize => SHA256.HashSizeInBytes;

    /// <inheritdoc/>
    public ReadOnlySpan<byte> EmptyRoot => Empty;

    /// <inheritdoc/>
    public void HashLeaf(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData([0x00]);
        hash.AppendData(data);
        hash.GetHashAndReset(destination);
    }

    /// <inheritdoc/>
    public void HashChildren(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        Span<byte> input = stackalloc byte[1 + (2 * SHA256.HashSizeInBytes)];
        input[0] = 0x01;
        left.CopyTo(input[1..]);
        right.CopyTo(input[(1 + SHA256.HashSizeInBytes)..]);
        SHA256.HashData(input, destination);
    }
}
