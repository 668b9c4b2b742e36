using System.Security.Cryptography;

namespace Dataspace.Connector.Tests.Audit;

/// <summary>
/// An independent RFC 9162 (SHA-256) reference written from the RFC for these tests: the tree head by its recursive
/// definition (§2.1.1) and the inclusion proof check (§2.1.3.2). Not the code under test.
/// </summary>
internal static class Rfc9162
{
    public static byte[] LeafHash(byte[] data) => SHA256.HashData([0x00, .. data]);

    public static byte[] NodeHash(byte[] left, byte[] right) => SHA256.HashData([0x01, .. left, .. right]);

    /// <summary>MTH(D[n]) of leaf hashes.</summary>
    public static byte[] Root(IReadOnlyList<byte[]> leaves, int start, int n)
    {
        if (n == 0)
        {
            return SHA256.HashData([]);
        }

        if (n == 1)
        {
            return leaves[start];
        }

        var k = 1;
        while (k * 2 < n)
        {
            k *= 2;
        }

        return NodeHash(Root(leaves, start, k), Root(leaves, start + k, n - k));
    }

    /// <summary>RFC 9162 §2.1.3.2, step by step.</summary>
    public static bool VerifyInclusion(long index, long size, byte[] leafHash, IReadOnlyList<byte[]> proof, byte[] root)
    {
        if (index >= size)
        {
            return false;
        }

        long fn = index, sn = size - 1;
        var r = leafHash;
        foreach (var p in proof)
        {
            if (sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                r = NodeHash(p, r);
                if ((fn & 1) == 0)
                {
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                r = NodeHash(r, p);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && r.AsSpan().SequenceEqual(root);
    }
}
