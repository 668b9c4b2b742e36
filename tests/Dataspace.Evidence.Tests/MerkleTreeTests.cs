using System.Security.Cryptography;
using System.Text;
using Dataspace.Evidence.Merkle;

namespace Dataspace.Evidence.Tests;

/// <summary>
/// The tree's roots and proofs against RFC 9162 §2.1 written out literally over a list of leaves (MTH, PATH, SUBPROOF
/// by recursion on slices, the hash called directly: .NET's SHA-256, BouncyCastle's SM3), for every small size across the
/// stored-level boundary, with both tree hashers.
/// </summary>
public sealed class MerkleTreeTests
{
    private static readonly byte[][] Leaves = Enumerable.Range(0, 600).Select(i => Encoding.UTF8.GetBytes($"entry {i}")).ToArray();

    [Theory]
    [InlineData(TreeHashers.Sha256)]
    [InlineData(TreeHashers.Sm3)]
    public async Task Roots_match_the_rfc_definition_for_every_size(string hash)
    {
        H = Reference(hash);
        var log = Build(Leaves.Length, hash);
        Assert.Equal(H([]), await log.Tree.RootAsync(0, default));
        foreach (var size in Enumerable.Range(1, Leaves.Length))
        {
            Assert.Equal(Mth(Leaves.AsSpan(0, size)), await log.Tree.RootAsync(size, default));
        }

        Assert.Equal(Mth(Leaves), log.Root());
    }

    [Theory]
    [InlineData(1, TreeHashers.Sha256)]
    [InlineData(7, TreeHashers.Sha256)]
    [InlineData(256, TreeHashers.Sha256)]
    [InlineData(257, TreeHashers.Sha256)]
    [InlineData(513, TreeHashers.Sha256)]
    [InlineData(600, TreeHashers.Sha256)]
    [InlineData(1, TreeHashers.Sm3)]
    [InlineData(7, TreeHashers.Sm3)]
    [InlineData(257, TreeHashers.Sm3)]
    [InlineData(600, TreeHashers.Sm3)]
    public async Task Inclusion_proofs_match_the_rfc_definition_and_verify(int size, string hash)
    {
        H = Reference(hash);
        var hasher = TreeHashers.Get(hash);
        var log = Build(size, hash);
        var root = log.Root();
        for (var m = 0; m < size; m += size > 64 ? 37 : 1)
        {
            var proof = await log.Tree.InclusionProofAsync(m, size, default);
            Assert.Equal(Path(m, Leaves.AsSpan(0, size)).Select(Convert.ToHexString), proof.Select(Convert.ToHexString));
            Assert.True(MerkleVerifier.VerifyInclusion(hasher, m, size, LeafHash(Leaves[m]), proof, root));
            Assert.False(MerkleVerifier.VerifyInclusion(hasher, m, size, LeafHash(Leaves[(m + 1) % Leaves.Length]), proof, root));
            if (size > 1)
            {
                Assert.False(MerkleVerifier.VerifyInclusion(hasher, (m + 1) % size, size, LeafHash(Leaves[m]), proof, root));
            }
        }
    }

    [Theory]
    [InlineData(TreeHashers.Sha256)]
    [InlineData(TreeHashers.Sm3)]
    public async Task Consistency_proofs_match_the_rfc_definition_and_verify(string hash)
    {
        H = Reference(hash);
        var hasher = TreeHashers.Get(hash);
        var log = Build(Leaves.Length, hash);
        foreach (var (m, n) in new[] { (1, 2), (3, 7), (4, 8), (6, 8), (8, 256), (255, 256), (256, 257), (200, 513), (511, 599), (1, 599), (598, 599) })
        {
            var proof = await log.Tree.ConsistencyProofAsync(m, n, default);
            Assert.Equal(SubProof(m, Leaves.AsSpan(0, n), true).Select(Convert.ToHexString), proof.Select(Convert.ToHexString));
            var first = Mth(Leaves.AsSpan(0, m));
            var second = Mth(Leaves.AsSpan(0, n));
            Assert.True(MerkleVerifier.VerifyConsistency(hasher, m, n, first, second, proof), $"{m} -> {n}");
            Assert.False(MerkleVerifier.VerifyConsistency(hasher, m, n, second, first, proof), $"{m} -> {n} swapped");
            Assert.False(MerkleVerifier.VerifyConsistency(hasher, m, n + 1, first, Mth(Leaves.AsSpan(0, n + 1)), proof), $"{m} -> {n + 1}");
        }
    }

    [Theory]
    [InlineData(TreeHashers.Sha256)]
    [InlineData(TreeHashers.Sm3)]
    public async Task A_frontier_restored_from_stored_nodes_goes_on_as_the_original(string hash)
    {
        H = Reference(hash);
        var log = Build(515, hash);
        var frontier = await TreeFrontier.LoadAsync(log.Tree, 515, default);
        Assert.Equal(log.Root(), frontier.Root());
        frontier.Append(LeafHash(Leaves[515]), null);
        Assert.Equal(Mth(Leaves.AsSpan(0, 516)), frontier.Root());
    }

    // The reference hash of the running test; the tests of one class do not run in parallel.
    private Func<byte[], byte[]> H { get; set; } = SHA256.HashData;

    private static Func<byte[], byte[]> Reference(string hash) => hash == TreeHashers.Sm3
        ? data =>
        {
            var digest = new Org.BouncyCastle.Crypto.Digests.SM3Digest();
            digest.BlockUpdate(data, 0, data.Length);
            var result = new byte[32];
            digest.DoFinal(result, 0);
            return result;
        }
        : SHA256.HashData;

    private static MemoryMerkleLog Build(int size, string hash)
    {
        var log = new MemoryMerkleLog(TreeHashers.Get(hash));
        foreach (var leaf in Leaves.Take(size))
        {
            log.AppendData(leaf);
        }

        return log;
    }

    private byte[] LeafHash(byte[] data) => H([0x00, .. data]);

    private byte[] NodeHash(byte[] left, byte[] right) => H([0x01, .. left, .. right]);

    private static int Split(int n)
    {
        var k = 1;
        while (k * 2 < n)
        {
            k *= 2;
        }

        return k;
    }

    private byte[] Mth(ReadOnlySpan<byte[]> d) => d.Length switch
    {
        0 => H([]),
        1 => LeafHash(d[0]),
        _ => NodeHash(Mth(d[..Split(d.Length)]), Mth(d[Split(d.Length)..])),
    };

    private List<byte[]> Path(int m, ReadOnlySpan<byte[]> d)
    {
        if (d.Length == 1)
        {
            return [];
        }

        var k = Split(d.Length);
        return m < k ? [.. Path(m, d[..k]), Mth(d[k..])] : [.. Path(m - k, d[k..]), Mth(d[..k])];
    }

    private List<byte[]> SubProof(int m, ReadOnlySpan<byte[]> d, bool b)
    {
        if (m == d.Length)
        {
            return b ? [] : [Mth(d)];
        }

        var k = Split(d.Length);
        return m <= k ? [.. SubProof(m, d[..k], b), Mth(d[k..])] : [.. SubProof(m - k, d[k..], false), Mth(d[..k])];
    }
}
