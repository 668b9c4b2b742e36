using System.Text.Json;
using Dataspace.Connector.Policies;
using Dataspace.Sdk.Identity;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Dataspace.Connector.Tests.Policies;

public sealed class ConsumerCredentialsTests
{
    [Fact]
    public async Task CurrentAsync_ManyMoreConsumersThanTheBound_StaysAtTheBound_RecentOnesHit_AndTheIntervalStillApplies()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero));
        var rechecker = new CountingRechecker(new ExpiryCredentialRechecker(clock));
        var credentials = new ConsumerCredentials(rechecker, clock, Options.Create(new PolicyEnforcementOptions { CredentialRecheckSeconds = 300, CredentialRecheckCacheSize = 50 }));

        for (var i = 0; i < 1_000; i++)
        {
            await credentials.CurrentAsync(Caller(i, clock), CancellationToken.None);
        }

        Assert.Equal(50, credentials.Count);
        Assert.Equal(1_000, rechecker.Rechecks);

        // The 50 most recent consumers are served from the cache; an older one is checked again.
        for (var i = 950; i < 1_000; i++)
        {
            await credentials.CurrentAsync(Caller(i, clock), CancellationToken.None);
        }

        Assert.Equal(1_000, rechecker.Rechecks);
        await credentials.CurrentAsync(Caller(0, clock), CancellationToken.None);
        Assert.Equal(1_001, rechecker.Rechecks);
        Assert.Equal(50, credentials.Count);

        // Past the re-check interval a cached consumer is checked again.
        clock.Advance(TimeSpan.FromSeconds(301));
        await credentials.CurrentAsync(Caller(999, clock), CancellationToken.None);
        Assert.Equal(1_002, rechecker.Rechecks);
    }

    private static VerifiedCaller Caller(int i, TimeProvider clock) => new()
    {
        Did = $"did:key:zMember{i}",
        Credentials =
        [
            new VerifiedCredential
            {
                Id = $"urn:credential:{i}",
                Types = ["VerifiableCredential", "MembershipCredential"],
                Issuer = "did:key:zAuthority",
                Claims = JsonDocument.Parse("{}").RootElement,
                ValidUntil = clock.GetUtcNow().AddDays(30),
            },
        ],
    };

    private sealed class CountingRechecker(ICredentialRechecker inner) : ICredentialRechecker
    {
        public int Rechecks { get; private set; }

        public Task<string?> RecheckAsync(VerifiedCredential credential, string holderDid, CancellationToken cancellationToken)
        {
            Rechecks++;
            return inner.RecheckAsync(credential, holderDid, cancellationToken);
        }
    }
}
