using System.Text;
using Dataspace.Evidence.Hashing;
using Dataspace.Evidence.Merkle;
using Org.BouncyCastle.Crypto.Digests;

namespace Dataspace.Evidence.Tests;

public sealed class Sm3Tests
{
    [Theory]
    // GB/T 32905-2016, Appendix A: example 1 ("abc") and example 2 ("abcd" repeated 16 times, 512 bits).
    [InlineData("abc", "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0")]
    [InlineData("abcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcd", "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732")]
    public void Digest_matches_the_standards_examples(string message, string expected)
    {
        Assert.Equal(expected, Convert.ToHexStringLower(Sm3.HashData(Encoding.ASCII.GetBytes(message))));
    }

    [Fact]
    public void Digest_matches_bouncycastle_on_random_inputs_of_many_lengths()
    {
        var random = new Random(32905);
        var lengths = Enumerable.Range(0, 200).Concat([255, 256, 447, 448, 511, 512, 513, 1000, 4096, 65537]);
        foreach (var length in lengths)
        {
            var data = new byte[length];
            random.NextBytes(data);
            Assert.Equal(BouncySm3(data), Sm3.HashData(data));
        }
    }

    [Fact]
    public void Tree_hasher_uses_rfc_9162_domain_separation_and_is_registered_as_sm3()
    {
        var hasher = TreeHashers.Get("sm3");
        Assert.Same(Sm3TreeHasher.Instance, hasher);
        Assert.Equal(BouncySm3([]), hasher.EmptyRoot.ToArray());
        var leaf = new byte[32];
        hasher.HashLeaf("entry"u8, leaf);
        Assert.Equal(BouncySm3([0x00, .. "entry"u8]), leaf);
        var node = new byte[32];
        hasher.HashChildren(leaf, BouncySm3([1]), node);
        Assert.Equal(BouncySm3([0x01, .. leaf, .. BouncySm3([1])]), node);
    }

    private static byte[] BouncySm3(byte[] data)
    {
        var digest = new SM3Digest();
        digest.BlockUpdate(data, 0, data.Length);
        var result = new byte[32];
        digest.DoFinal(result, 0);
        return result;
    }
}
