using Dataspace.Identity.Dcp;
using Dataspace.Identity.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Dataspace.Identity.Tests;

public sealed class JtiReplayCacheTests
{
    [Fact]
    public void Use_ManyMoreIdsThanTheBound_StaysAtTheBound_RefusesNewIds_AndStillCatchesReplays()
    {
        var clock = new FakeTimeProvider(TestDataspace.Start);
        var cache = new JtiReplayCache(clock, capacity: 100);
        var forgetAfter = clock.GetUtcNow().AddMinutes(5);

        var outcomes = Enumerable.Range(0, 1_000).Select(i => cache.Use("did:key:zHostile", "jti-" + i, forgetAfter)).ToList();

        Assert.Equal(100, cache.Count);
        Assert.Equal(100, outcomes.Count(o => o == JtiUse.Accepted));
        Assert.All(outcomes.Skip(100), o => Assert.Equal(JtiUse.Full, o));

        // Full, yet an id already spent is still a replay: nothing unexpired was evicted to make room.
        Assert.Equal(JtiUse.Replayed, cache.Use("did:key:zHostile", "jti-0", forgetAfter));
        Assert.Equal(JtiUse.Replayed, cache.Use("did:key:zHostile", "jti-99", forgetAfter));
        Assert.Equal(JtiUse.Full, cache.Use("did:key:zHonest", "jti-0", forgetAfter));
    }

    [Fact]
    public void Use_WhenFull_ExpiredIdsAreSweptToMakeRoom()
    {
        var clock = new FakeTimeProvider(TestDataspace.Start);
        var cache = new JtiReplayCache(clock, capacity: 10);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(JtiUse.Accepted, cache.Use("did:key:zA", "old-" + i, clock.GetUtcNow().AddSeconds(i < 5 ? 10 : 600)));
        }

        Assert.Equal(JtiUse.Full, cache.Use("did:key:zB", "new-0", clock.GetUtcNow().AddMinutes(5)));

        clock.Advance(TimeSpan.FromSeconds(11));

        Assert.Equal(JtiUse.Accepted, cache.Use("did:key:zB", "new-0", clock.GetUtcNow().AddMinutes(5)));
        Assert.Equal(6, cache.Count);
        Assert.Equal(JtiUse.Replayed, cache.Use("did:key:zA", "old-9", clock.GetUtcNow().AddMinutes(5)));
    }

    [Fact]
    public async Task Validator_FullCache_RefusesAFreshTokenWithReplayCacheFull_AndAReplayAsReplayed()
    {
        using var space = new TestDataspace();
        var consumer = space.AddParticipant();
        var provider = space.AddParticipant();
        var replay = new JtiReplayCache(space.Clock, capacity: 3);
        var tokens = new SelfIssuedTokenValidator(space.Signatures, replay, space.Clock, space.Options);

        var spent = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var token = consumer.Sts.CreateIdToken(provider.Did);
            var accepted = await tokens.ValidateAsync(token, provider.Did, CancellationToken.None);
            Assert.True(accepted.Succeeded, accepted.Reason);
            spent.Add(token);
        }

        var replayed = await tokens.ValidateAsync(spent[0], provider.Did, CancellationToken.None);
        var fresh = await tokens.ValidateAsync(consumer.Sts.CreateIdToken(provider.Did), provider.Did, CancellationToken.None);

        Assert.Equal(VerificationFailure.ReplayedToken, replayed.Failure);
        Assert.Equal(VerificationFailure.ReplayCacheFull, fresh.Failure);
        Assert.Contains("JtiCacheSize", fresh.Error!.Reason, StringComparison.Ordinal);
        Assert.Equal(3, replay.Count);

        // Once the spent tokens expire (lifetime plus leeway), their ids make room again.
        space.Clock.Advance(space.Options.IssuedTokenLifetime + space.Options.ClockLeeway + TimeSpan.FromSeconds(1));
        var later = await tokens.ValidateAsync(consumer.Sts.CreateIdToken(provider.Did), provider.Did, CancellationToken.None);
        Assert.True(later.Succeeded, later.Reason);
        Assert.Equal(1, replay.Count);
    }
}
