namespace Dataspace.Evidence.Merkle;

/// <summary>Checks RFC 9162 inclusion and consistency proofs (§2.1.3.2, §2.1.4.2) without access to the tree.</summary>
public static class MerkleVerifier
{
    /// <summary>Whether <paramref name="proof"/> shows the leaf with hash <paramref name="leafHash"/> at <paramref name="index"/> in the tree of <paramref name="size"/> leaves with <paramref name="root"/>.</summary>
    public static bool VerifyInclusion(ITreeHasher hasher, long index, long size, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root)
    {
        ArgumentNullException.ThrowIfNull(hasher);
        ArgumentNullException.ThrowIfNull(proof);
        var hashSize = hasher.HashSize;
        if (index < 0 || index >= size || leafHash.Length != hashSize || root.Length != hashSize)
        {
            return false;
        }

        var fn = index;
        var sn = size - 1;
        Span<byte> r = stackalloc byte[hashSize];
        leafHash.CopyTo(r);
        foreach (var p in proof)
        {
            if (sn == 0 || p is null || p.Length != hashSize)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                hasher.HashChildren(p, r, r);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                hasher.HashChildren(r, p, r);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && r.SequenceEqual(root);
    }

    /// <summary>Whether <paramref name="proof"/> shows the tree of <paramref name="firstSize"/> leaves with <paramref name="firstRoot"/> is a prefix of the tree of <paramref name="secondSize"/> with <paramref name="secondRoot"/>.</summary>
    public static bool VerifyConsistency(ITreeHasher hasher, long firstSize, long secondSize, ReadOnlySpan<byte> firstRoot, ReadOnlySpan<byte> secondRoot, IReadOnlyList<byte[]> proof)
    {
        ArgumentNullException.ThrowIfNull(hasher);
        ArgumentNullException.ThrowIfNull(proof);
        var hashSize = hasher.HashSize;
        if (firstSize < 0 || firstSize > secondSize || firstRoot.Length != hashSize || secondRoot.Length != hashSize)
        {
            return false;
        }

        if (firstSize == secondSize)
        {
            return proof.Count == 0 && firstRoot.SequenceEqual(secondRoot);
        }

        if (firstSize == 0)
        {
            // Every tree extends the empty one; a proof would have nothing to show.
            return proof.Count == 0 && firstRoot.SequenceEqual(hasher.EmptyRoot);
        }

        if (proof.Count == 0 || proof.Any(p => p is null || p.Length != hashSize))
        {
            return false;
        }

        var path = System.Numerics.BitOperations.IsPow2(firstSize) ? [firstRoot.ToArray(), .. proof] : proof;
        var fn = firstSize - 1;
        var sn = secondSize - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }

        Span<byte> fr = stackalloc byte[hashSize];
        Span<byte> sr = stackalloc byte[hashSize];
        path[0].CopyTo(fr);
        path[0].CopyTo(sr);
        for (var i = 1; i < path.Count; i++)
        {
            var c = path[i];
            if (sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                hasher.HashChildren(c, fr, fr);
                hasher.HashChildren(c, sr, sr);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                hasher.HashChildren(sr, c, sr);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && fr.SequenceEqual(firstRoot) && sr.SequenceEqual(secondRoot);
    }
}
