using System.Security.Cryptography;
using System.Text;
using Dataspace.Evidence.Merkle;

namespace Dataspace.Evidence.Tests;

/// <summary>
/// The tree's roots and proofs against RFC 9162 §2.1 written out literally over a list of leaves (MTH, PATH, SUBPROOF
/// by recursion on slices, SHA-256 called directly), for every small size across the stored-level boundary.
/// </summary>
public sealed class MerkleTreeTests
{
    private static readonly byte[][] Leaves = Enumerable.Range(0, 600).Select(i => Encoding.UTF8.GetBytes($"entry {i}")).ToArray();

    [Fact]
    public async Task Roots_match_the_rfc_definition_for_every_size()
    {
        var log = Build(Leaves.Length);
        Assert.Equal(SHA256.HashData([]), await log.Tree.RootAsync(0, default));
        foreach (var size in Enumerable.Range(1, Leaves.Length))
        {
            Assert.Equal(Mth(Leaves.AsSpan(0, size)), await log.Tree.RootAsync(size, default));
        }

        Assert.Equal(Mth(Leaves), log.Root());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(256)]
    [InlineData(257)]
    [InlineData(513)]
    [InlineData(600)]
    public async Task Inclusion_proofs_match_the_rfc_definition_and_verify(int size)
    {
        var log = Build(size);
        var root = log.Root();
        for (var m = 0; m < size; m += size > 64 ? 37 : 1)
        {
            var proof = await log.Tree.InclusionProofAsync(m, size, default);
            Assert.Equal(Path(m, Leaves.AsSpan(0, size)).Select(Convert.ToHexString), proof.Select(Convert.ToHexString));
            Assert.True(MerkleVerifier.VerifyInclusion(Sha256TreeHasher.Instance, m, size, LeafHash(Leaves[m]), proof, root));
            Assert.False(MerkleVerifier.VerifyInclusion(Sha256TreeHasher.Instance, m, size, LeafHash(Leaves[(m + 1) % Leaves.Length]), proof, root));
            if (size > 1)
            {
                Assert.False(MerkleVerifier.VerifyInclusion(Sha256TreeHasher.Instance, (m + 1) % size, size, LeafHash(Leaves[m]), proof, root));
            }
        }
    }

    [Fact]
    public async Task Consistency_proofs_match_the_rfc_definition_and_verify()
    {
        var log = Build(Leaves.Length);
        foreach (var (m, n) in new[] { (1, 2), (3, 7), (4, 8), (6, 8), (8, 256), (255, 256), (256, 257), (200, 513), (511, 599), (1, 599), (598, 599) })
        {
            var proof = await log.Tree.ConsistencyProofAsync(m, n, default);
            Assert.Equal(SubProof(m, Leaves.AsSpan(0, n), true).Select(Convert.ToHexString), proof.Select(Convert.ToHexString));
            var first = Mth(Leaves.AsSpan(0, m));
            var second = Mth(Leaves.AsSpan(0, n));
            Assert.True(MerkleVerifier.VerifyConsistency(Sha256TreeHasher.Instance, m, n, first, second, proof), $"{m} -> {n}");
            Assert.False(MerkleVerifier.VerifyConsistency(Sha256TreeHasher.Instance, m, n, second, first, proof), $"{m} -> {n} swapped");
            Assert.False(MerkleVerifier.VerifyConsistency(Sha256TreeHasher.Instance, m, n + 1, first, Mth(Leaves.AsSpan(0, n + 1)), proof), $"{m} -> {n + 1}");
        }
    }

    [Fact]
    public async Task A_frontier_restored_from_stored_nodes_goes_on_as_the_original()
    {
        var log = Build(515);
        var frontier = await TreeFrontier.LoadAsync(log.Tree, 515, default);
        Assert.Equal(log.Root(), frontier.Root());
        frontier.Append(LeafHash(Leaves[515]), null);
        Assert.Equal(Mth(Leaves.AsSpan(0, 516)), frontier.Root());
    }

    private static MemoryMerkleLog Build(int size)
    {
        var log = new MemoryMerkleLog(Sha256TreeHasher.Instance);
        foreach (var leaf in Leaves.Take(size))
        {
            log.AppendData(leaf);
        }

        return log;
    }

    private static byte[] LeafHash(byte[] data) => SHA256.HashData([0x00, .. data]);

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

    private static byte[] Mth(ReadOnlySpan<byte[]> d) => d.Length switch
    {
        0 => SHA256.HashData([]),
        1 => LeafHash(d[0]),
        _ => NodeHash(Mth(d[..Split(d.Length)]), Mth(d[Split(d.Length)..])),
    };

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
