using System.Security.Cryptography;
using Dataspace.Evidence.Merkle;

namespace Dataspace.Evidence.Tests;

/// <summary>
/// Trees large enough that tiles above the leaves' band are complete (256 nodes of level 8 = 65,536 leaves), whose inner
/// levels the tree computes once and keeps: roots and proofs still match RFC 9162's recursive definitions over the leaf
/// hashes, before and after the tiles are cached.
/// </summary>
public sealed class MerkleTreeTileTests
{
    private const int Size = (1 << 16) + 4_465;
    private static readonly byte[][] LeafHashes = Enumerable.Range(0, Size)
        .Select(i => SHA256.HashData([0x00, .. BitConverter.GetBytes(i)])).ToArray();

    [Fact]
    public async Task Roots_and_proofs_across_complete_upper_tiles_match_the_rfc_definitions()
    {
        var log = new MemoryMerkleLog(Sha256TreeHasher.Instance);
        foreach (var leaf in LeafHashes)
        {
            log.AppendLeafHash(leaf);
        }

        foreach (var size in new[] { 1 << 16, (1 << 16) + 1, Size })
        {
            Assert.Equal(Mth(LeafHashes.AsSpan(0, size)), await log.Tree.RootAsync(size, default));
        }

        for (var round = 0; round < 2; round++) // the second round reads the cached tiles
        {
            foreach (var m in new[] { 0, 255, 256, 40_000, 65_535, 65_536, Size - 1 })
            {
                var proof = await log.Tree.InclusionProofAsync(m, Size, default);
                Assert.Equal(Path(m, LeafHashes.AsSpan(0, Size)).Select(Convert.ToHexString), proof.Select(Convert.ToHexString));
            }

            foreach (var (m, n) in new[] { (1_000, 1 << 16), (1 << 16, Size), (65_535, 65_537), (300, Size) })
            {
                var proof = await log.Tree.ConsistencyProofAsync(m, n, default);
                Assert.Equal(SubProof(m, LeafHashes.AsSpan(0, n), true).Select(Convert.ToHexString), proof.Select(Convert.ToHexString));
            }
        }
    }

    private static byte[] NodeHash(byte[] left, byte[] right) => SHA256.HashData([0x01, .. left, .. right]);

    private static int Split(int n)
    {
        var k = 1;
        while (k * 2 < n)
        {
            k *= 2;
        }

        return k;
    }

    private static byte[] Mth(ReadOnlySpan<byte[]> d) =>
        d.Length == 1 ? d[0] : NodeHash(Mth(d[..Split(d.Length)]), Mth(d[Split(d.Length)..]));

    private static List<byte[]> Path(int m, ReadOnlySpan<byte[]> d)
    {
        if (d.Length == 1)
        {
            return [];
        }

        var k = Split(d.Length);
        return m < k ? [.. Path(m, d[..k]), Mth(d[k..])] : [.. Path(m - k, d[k..]), Mth(d[..k])];
    }

    private static List<byte[]> SubProof(int m, ReadOnlySpan<byte[]> d, bool b)
    {
        if (m == d.Length)
        {
            return b ? [] : [Mth(d)];
        }

        var k = Split(d.Length);
        return m <= k ? [.. SubProof(m, d[..k], b), Mth(d[k..])] : [.. SubProof(m - k, d[k..], false), Mth(d[..k])];
    }
}
