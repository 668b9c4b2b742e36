using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Dataspace.Plugins.Compute.Embedded.Oprf;

/// <summary>The public bucketing of keyword lookup: the top bits of SHA-256 of the key, the only thing a query reveals.</summary>
internal static class OprfBuckets
{
    /// <summary>The finest bucketing the server computes; 2^20 buckets bound the offset table to 8 MiB.</summary>
    public const int MaxPrefixBits = 20;

    private static readonly byte[] Label = "psi/ecdh_oprf:1 bucket\0"u8.ToArray();

    /// <summary>The bucket of <paramref name="key"/> among 2^<paramref name="prefixBits"/>.</summary>
    public static uint Of(string key, int prefixBits)
    {
        if (prefixBits == 0) return 0;
        var bytes = Encoding.UTF8.GetBytes(key);
        Span<byte> hash = stackalloc byte[32];
        using (var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
        {
            sha.AppendData(Label);
            sha.AppendData(bytes);
            sha.GetHashAndReset(hash);
        }
        return BinaryPrimitives.ReadUInt32BigEndian(hash) >> (32 - prefixBits);
    }

    /// <summary>
    /// The most prefix bits such that every bucket holds at least <paramref name="anonymitySet"/> rows, from counts at
    /// <see cref="MaxPrefixBits"/>; the choice depends on the server's set only, never on a query.
    /// </summary>
    public static int ChoosePrefixBits(int[] countsAtMax, int anonymitySet)
    {
        var counts = countsAtMax;
        for (var bits = MaxPrefixBits; bits > 0; bits--)
        {
            if (counts.Min() >= anonymitySet) return bits;
            var folded = new int[counts.Length / 2];
            for (var i = 0; i < folded.Length; i++) folded[i] = counts[2 * i] + counts[2 * i + 1];
            counts = folded;
        }
        return 0;
    }
}
