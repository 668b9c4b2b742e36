using System.Security.Cryptography;

namespace Dataspace.Evidence.Tests;

/// <summary>
/// An RFC 9162 verifier written for the tests from the RFC's text, sharing no code with the verifier under test:
/// §2.1.3.2 (inclusion) and §2.1.4.2 (consistency) step by step with .NET's SHA-256, and MTH (§2.1.1) by recursion.
/// </summary>
internal static class IndependentRfc9162
{
    public static byte[] Root(IReadOnlyList<byte[]> leaves)
    {
        if (leaves.Count == 0)
        {
            return SHA256.HashData([]);
        }

        if (leaves.Count == 1)
        {
            return SHA256.HashData([0x00, .. leaves[0]]);
        }

        var k = 1;
        while (k << 1 < leaves.Count)
        {
            k <<= 1;
        }

        return SHA256.HashData([0x01, .. Root(leaves.Take(k).ToList()), .. Root(leaves.Skip(k).ToList())]);
    }

    public static bool VerifyInclusion(long leafIndex, long treeSize, byte[] leafHash, IReadOnlyList<byte[]> inclusionPath, byte[] rootHash)
    {
        // 1. If leaf_index is greater than or equal to tree_size, then fail the proof verification.
        if (leafIndex >= treeSize)
        {
            return false;
        }

        // 2. Set fn to leaf_index and sn to tree_size - 1. 3. Set r to hash.
        var fn = leafIndex;
        var sn = treeSize - 1;
        var r = leafHash;

        // 4. For each value p in the inclusion_path array:
        foreach (var p in inclusionPath)
        {
            // a. If sn is 0, then stop the iteration and fail the proof verification.
            if (sn == 0)
            {
                return false;
            }

            // b. If LSB(fn) is set, or if fn is equal to sn, then:
            if (fn % 2 == 1 || fn == sn)
            {
                // i. Set r to HASH(0x01 || p || r).
                r = SHA256.HashData([0x01, .. p, .. r]);

                // ii. If LSB(fn) is not set, then right-shift both fn and sn equally until either LSB(fn) is set or fn is 0.
                if (fn % 2 == 0)
                {
                    while (fn % 2 == 0 && fn != 0)
                    {
                        fn /= 2;
                        sn /= 2;
                    }
                }
            }
            else
            {
                // Otherwise: set r to HASH(0x01 || r || p).
                r = SHA256.HashData([0x01, .. r, .. p]);
            }

            // c. Finally, right-shift both fn and sn one time.
            fn /= 2;
            sn /= 2;
        }

        // 5. Compare sn to 0. Compare r against the root_hash. If sn is equal to 0 and r and the root_hash are equal, then the log has proven the inclusion of hash.
        return sn == 0 && r.AsSpan().SequenceEqual(rootHash);
    }

    public static bool VerifyConsistency(long firstSize, long secondSize, byte[] firstHash, byte[] secondHash, IReadOnlyList<byte[]> consistencyPath)
    {
        if (firstSize == secondSize)
        {
            return consistencyPath.Count == 0 && firstHash.AsSpan().SequenceEqual(secondHash);
        }

        // 1. If consistency_path is an empty array, stop and fail the proof verification.
        if (consistencyPath.Count == 0 || firstSize <= 0 || firstSize > secondSize)
        {
            return false;
        }

        // 2. If first is an exact power of 2, then prepend first_hash to the consistency_path array.
        var path = (firstSize & (firstSize - 1)) == 0 ? [firstHash, .. consistencyPath] : consistencyPath.ToList();

        // 3. Set fn to first - 1 and sn to second - 1.
        var fn = firstSize - 1;
        var sn = secondSize - 1;

        // 4. If LSB(fn) is set, then right-shift both fn and sn equally until LSB(fn) is not set.
        while (fn % 2 == 1)
        {
            fn /= 2;
            sn /= 2;
        }

        // 5. Set both fr and sr to the first value in the consistency_path array.
        var fr = path[0];
        var sr = path[0];

        // 6. For each subsequent value c in the consistency_path array:
        foreach (var c in path.Skip(1))
        {
            // a. If sn is 0, then stop the iteration and fail the proof verification.
            if (sn == 0)
            {
                return false;
            }

            // b. If LSB(fn) is set, or if fn is equal to sn, then:
            if (fn % 2 == 1 || fn == sn)
            {
                fr = SHA256.HashData([0x01, .. c, .. fr]);
                sr = SHA256.HashData([0x01, .. c, .. sr]);
                if (fn % 2 == 0)
                {
                    while (fn % 2 == 0 && fn != 0)
                    {
                        fn /= 2;
                        sn /= 2;
                    }
                }
            }
            else
            {
                // Otherwise: set sr to HASH(0x01 || sr || c).
                sr = SHA256.HashData([0x01, .. sr, .. c]);
            }

            // c. Finally, right-shift both fn and sn one time.
            fn /= 2;
            sn /= 2;
        }

        // 7. After completing iterating through the consistency_path array as described above, verify that the fr calculated is equal to the first_hash supplied, that the sr calculated is equal to the second_hash supplied, and that sn is 0.
        return fr.AsSpan().SequenceEqual(firstHash) && sr.AsSpan().SequenceEqual(secondHash) && sn == 0;
    }
}
