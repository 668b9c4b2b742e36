using Dataspace.Evidence.Merkle;

namespace Dataspace.Evidence.Hashing;

/// <summary>RFC 9162 tree hashing with SM3 (GB/T 32905-2016), for the 国密 profile: the same domain separation, another hash.</summary>
public sealed class Sm3TreeHasher : ITreeHasher
{
    private static readonly byte[] Empty = Sm3.HashData([]);

    /// <summary>The one instance; the hasher has no state.</summary>
    public static Sm3TreeHasher Instance { get; } = new();

    private Sm3TreeHasher() { }

    /// <inheritdoc/>
    public string Name => TreeHashers.Sm3;

    /// <inheritdoc/>
    public int HashSize => Sm3.HashSizeInBytes;

    /// <inheritdoc/>
    public ReadOnlySpan<byte> EmptyRoot => Empty;

    /// <inheritdoc/>
    public void HashLeaf(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        var state = new Sm3State();
        state.Append([0x00]);
        state.Append(data);
        state.Finish(destination);
    }

    /// <inheritdoc/>
    public void HashChildren(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        Span<byte> input = stackalloc byte[1 + (2 * Sm3.HashSizeInBytes)];
        input[0] = 0x01;
        left.CopyTo(input[1..]);
        right.CopyTo(input[(1 + Sm3.HashSizeInBytes)..]);
        Sm3.HashData(input, destination);
    }
}
