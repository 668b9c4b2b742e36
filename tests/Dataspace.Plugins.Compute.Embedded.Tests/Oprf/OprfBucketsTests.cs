using Dataspace.Plugins.Compute.Embedded.Oprf;

namespace Dataspace.Plugins.Compute.Embedded.Tests.Oprf;

public sealed class OprfBucketsTests
{
    [Fact]
    public void ChoosePrefixBits_EveryBucketHoldsTheAnonymitySet()
    {
        var keys = Enumerable.Range(0, 5000).Select(i => $"k{i}").ToList();
        var counts = new int[1 << OprfBuckets.MaxPrefixBits];
        foreach (var key in keys) counts[OprfBuckets.Of(key, OprfBuckets.MaxPrefixBits)]++;

        var bits = OprfBuckets.ChoosePrefixBits(counts, 40);

        Assert.InRange(bits, 1, 7); // 5000 / 2^7 ≈ 39 on average, so some bucket is smaller
        Assert.True(keys.GroupBy(k => OprfBuckets.Of(k, bits)).Min(g => g.Count()) >= 40);
        Assert.True(keys.GroupBy(k => OprfBuckets.Of(k, bits + 1)).Count() < 1 << (bits + 1)
            || keys.GroupBy(k => OprfBuckets.Of(k, bits + 1)).Min(g => g.Count()) < 40);
    }

    [Fact]
    public void Of_CoarserBucketIsThePrefixOfTheFiner()
    {
        foreach (var key in new[] { "a", "cust-1", "张三" })
            Assert.Equal(OprfBuckets.Of(key, 20) >> 12, OprfBuckets.Of(key, 8));
        Assert.Equal(0u, OprfBuckets.Of("anything", 0));
    }

    [Fact]
    public void ChoosePrefixBits_SetSmallerThanTwoBuckets_GivesOneBucket()
    {
        var counts = new int[1 << OprfBuckets.MaxPrefixBits];
        counts[0] = 10;
        counts[^1] = 3;
        Assert.Equal(0, OprfBuckets.ChoosePrefixBits(counts, 5));
    }
}
