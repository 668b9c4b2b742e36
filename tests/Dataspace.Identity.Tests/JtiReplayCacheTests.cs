using Dataspace.Identity.Dcp;
using Dataspace.Identity.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Dataspace.Identity.Tests;

public sealed class JtiReplayCacheTests
{
    [Fact]
    public void Use_ManyMoreIdsThanTheBound_StaysAtTheBound_FreshTokensStillPass_AndNoTokenIsAcceptedTwice()
    {
        var clock = new FakeTimeProvider(TestDataspace.Start);
        var cache = new JtiReplayCache(clock, capacity: 100);

        // A flood of tokens, each a second fresher than the one before.
        var outcomes = Enumerable.Range(0, 1_000).Select(i => cache.Use("did:key:zHostile", "jti-" + i, clock.GetUtcNow().AddMinutes(5).AddSeconds(i))).ToList();

        Assert.Equal(100, cache.Count);
        Assert.All(outcomes, o => Assert.Equal(JtiUse.Accepted, o));

        // A member's freshly issued token still passes: a full cache locks nobody out.
        Assert.Equal(JtiUse.Accepted, cache.Use("did:key:zHonest", "jti-0", clock.GetUtcNow().AddMinutes(5).AddSeconds(1_000)));

        // Replays: a remembered id, and a forgotten one (its token expires by the horizon), are both refused.
        Assert.Equal(JtiUse.Replayed, cache.Use("did:key:zHostile", "jti-999", clock.GetUtcNow().AddMinutes(5).AddSeconds(999)));
        Assert.Equal(JtiUse.Full, cache.Use("did:key:zHostile", "jti-0", clock.GetUtcNow().AddMinutes(5)));
        Assert.Equal(100, cache.Count);
    }

    [Fact]
    public void Use_WhenFull_ExpiredIdsGoFirst_AndNothingIsForgottenWhileThereIsRoom()
    {
        var clock = new FakeTimeProvider(TestDataspace.Start);
        var cache = new JtiReplayCache(clock, capacity: 10);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(JtiUse.Accepted, cache.Use("did:key:zA", "old-" + i, clock.GetUtcNow().AddSeconds(i < 5 ? 10 : 600)));
        }

        clock.Advance(TimeSpan.FromSeconds(11));

        Assert.Equal(JtiUse.Accepted, cache.Use("did:key:zB", "new-0", clock.GetUtcNow().AddMinutes(5)));
        Assert.Equal(6, cache.Count);
        Assert.Equal(JtiUse.Replayed, cache.Use("did:key:zA", "old-9", clock.GetUtcNow().AddMinutes(5)));

        // No id had to be forgotten, so a token expiring soon (a short-lived one) is still accepted.
        Assert.Equal(JtiUse.Accepted, cache.Use("did:key:zC", "short", clock.GetUtcNow().AddSeconds(30)));
    }

    [Fact]
    public async Task Validator_FullCache_AcceptsAFreshToken_RefusesAReplay_AndAForgottenIdsTokenWithReplayCacheFull()
    {
        using var space = new TestDataspace();
        var consumer = space.AddParticipant();
        var provider = space.AddParticipant();
        var replay = new JtiReplayCache(space.Clock, capacity: 3);
        var tokens = new SelfIssuedTokenValidator(space.Signatures, replay, space.Clock, space.Options);

        var spent = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var token = consumer.Sts.CreateIdToken(provider.Did);
            var accepted = await tokens.ValidateAsync(token, provider.Did, CancellationToken.None);
            Assert.True(accepted.Succeeded, accepted.Reason);
            spent.Add(token);
            space.Clock.Advance(TimeSpan.FromSeconds(2));
        }

        var forgotten = await tokens.ValidateAsync(spent[0], provider.Did, CancellationToken.None);
        var remembered = await tokens.ValidateAsync(spent[3], provider.Did, CancellationToken.None);
        var fresh = await tokens.ValidateAsync(consumer.Sts.CreateIdToken(provider.Did), provider.Did, CancellationToken.None);

        Assert.Equal(VerificationFailure.ReplayCacheFull, forgotten.Failure);
        Assert.Contains("JtiCacheSize", forgotten.Error!.Reason, StringComparison.Ordinal);
        Assert.Equal(VerificationFailure.ReplayedToken, remembered.Failure);
        Assert.True(fresh.Succeeded, fresh.Reason);
        Assert.Equal(3, replay.Count);
    }
}
