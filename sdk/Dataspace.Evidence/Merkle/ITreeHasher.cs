namespace Dataspace.Evidence.Merkle;

/// <summary>The hash function of a Merkle tree with RFC 9162 domain separation (0x00 before a leaf, 0x01 before two children).</summary>
/// <remarks>Implementations are stateless and called concurrently.</remarks>
public interface ITreeHasher
{
    /// <summary>The algorithm's name as written in checkpoints and bundles (<c>sha256</c>, <c>sm3</c>).</summary>
    string Name { get; }

    /// <summary>The length of a hash in bytes.</summary>
    int HashSize { get; }

    /// <summary>The root of the empty tree: the hash of the empty string.</summary>
    ReadOnlySpan<byte> EmptyRoot { get; }

    /// <summary>Writes HASH(0x00 || data) to <paramref name="destination"/>.</summary>
    void HashLeaf(ReadOnlySpan<byte> data, Span<byte> destination);

    /// <summary>Writes HASH(0x01 || left || right) to <paramref name="destination"/> (which may overlap either input).</summary>
    void HashChildren(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination);
}
