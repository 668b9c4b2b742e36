using Dataspace.Identity.Dcp;
using Dataspace.Identity.Tests.Support;
using Dataspace.Sdk.Identity;
using Microsoft.Extensions.Time.Testing;

namespace Dataspace.Identity.Tests;

public sealed class PresentationCacheTests
{
    private static readonly string[] Types = ["MembershipCredential"];

    [Fact]
    public void Set_ManyMoreCallersThanTheBound_StaysAtTheBound_AndRecentCallersStillHit()
    {
        var clock = new FakeTimeProvider(TestDataspace.Start);
        var cache = new PresentationCache(clock, TimeSpan.FromMinutes(1), capacity: 50);

        for (var i = 0; i < 1_000; i++)
        {
            cache.Set(new VerifiedCaller { Did = "did:key:z" + i }, Types);
        }

        Assert.Equal(50, cache.Count);
        Assert.Null(cache.Get("did:key:z0", Types));
        Assert.Null(cache.Get("did:key:z949", Types));
        for (var i = 950; i < 1_000; i++)
        {
            Assert.Equal("did:key:z" + i, cache.Get("did:key:z" + i, Types)?.Did);
        }
    }

    [Fact]
    public void Set_UsedEntriesOutliveUnusedOnes()
    {
        var clock = new FakeTimeProvider(TestDataspace.Start);
        var cache = new PresentationCache(clock, TimeSpan.FromMinutes(1), capacity: 2);
        cache.Set(new VerifiedCaller { Did = "did:key:zA" }, Types);
        cache.Set(new VerifiedCaller { Did = "did:key:zB" }, Types);

        Assert.NotNull(cache.Get("did:key:zA", Types));
        cache.Set(new VerifiedCaller { Did = "did:key:zC" }, Types);

        Assert.NotNull(cache.Get("did:key:zA", Types));
        Assert.Null(cache.Get("did:key:zB", Types));
        Assert.NotNull(cache.Get("did:key:zC", Types));
    }

    [Fact]
    public void Set_ExpiredEntriesAreSwept()
    {
        var clock = new FakeTimeProvider(TestDataspace.Start);
        var cache = new PresentationCache(clock, TimeSpan.FromMinutes(1), capacity: 100);
        for (var i = 0; i < 20; i++)
        {
            cache.Set(new VerifiedCaller { Did = "did:key:z" + i }, Types);
        }

        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Null(cache.Get("did:key:z19", Types));
        cache.Set(new VerifiedCaller { Did = "did:key:zNew" }, Types);

        Assert.Equal(1, cache.Count);
        Assert.NotNull(cache.Get("did:key:zNew", Types));
    }
}
