using System.Text.Json;
using Dataspace.Identity.Dcp;
using Dataspace.Identity.Dids;
using Dataspace.Identity.Jose;
using Dataspace.Identity.Tests.Support;
using Dataspace.Sdk.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace Dataspace.Identity.Tests;

/// <summary>The DID document cache stays bounded under a flood of fresh DIDs, sheds expired entries, and keeps failures only briefly.</summary>
public sealed class DidResolverCacheTests
{
    [Fact]
    public async Task FifteenThousandFreshDidKeys_LeaveTheCacheAtItsBound_AndTheOldestAreResolvedAgain()
    {
        var resolver = new CountingResolver(new DidKeyResolver());
        var registry = new DidResolverRegistry([resolver], TimeProvider.System, TimeSpan.FromMinutes(5), cacheSize: 10_000, failureTtl: TimeSpan.FromSeconds(30));
        var first = FreshDidKey();
        Assert.NotNull((await registry.ResolveAsync(first, CancellationToken.None)).Document);

        for (var i = 0; i < 15_000; i++)
        {
            Assert.NotNull((await registry.ResolveAsync(FreshDidKey(), CancellationToken.None)).Document);
        }

        Assert.Equal(10_000, registry.CachedCount);
        var callsBefore = resolver.Calls;
        Assert.NotNull((await registry.ResolveAsync(first, CancellationToken.None)).Document);
        Assert.Equal(callsBefore + 1, resolver.Calls); // the least recently used went out
    }

    [Fact]
    public async Task ExpiredEntries_AreSweptAsNewOnesArrive()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var registry = new DidResolverRegistry([new DidKeyResolver()], clock, TimeSpan.FromMinutes(1), cacheSize: 1_000, failureTtl: TimeSpan.FromSeconds(30));
        for (var i = 0; i < 500; i++)
        {
            await registry.ResolveAsync(FreshDidKey(), CancellationToken.None);
        }

        clock.Advance(TimeSpan.FromMinutes(2));
        await registry.ResolveAsync(FreshDidKey(), CancellationToken.None);

        Assert.Equal(1, registry.CachedCount);
    }

    [Fact]
    public async Task Failure_IsRememberedBriefly_ThenTriedAgain()
    {
        var requests = 0;
        JsonElement? document = null;
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/.well-known/did.json", () =>
        {
            Interlocked.Increment(ref requests);
            return document is null ? Results.NotFound() : Results.Json(document);
        }));
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var http = new HttpClient();
        var registry = new DidResolverRegistry([new DidWebResolver(http, new DidWebOptions { AllowHttpForLoopback = true })], clock, TimeSpan.FromMinutes(5), cacheSize: 100, failureTtl: TimeSpan.FromSeconds(30));

        var missing = await registry.ResolveAsync(server.DidWeb(), CancellationToken.None);
        using var key = SigningKey.Generate(JwsAlgorithms.EdDSA);
        document = JsonSerializer.SerializeToElement(LocalIdentities.ForDidWeb(server.DidWeb(), "key-1", key, [], []).Document.ToJson());
        for (var i = 0; i < 50; i++)
        {
            Assert.Null((await registry.ResolveAsync(server.DidWeb(), CancellationToken.None)).Document);
        }

        Assert.Null(missing.Document);
        Assert.Equal(1, requests); // a peer repeating a failing DID does not make us fetch it each time

        clock.Advance(TimeSpan.FromSeconds(31));
        var found = await registry.ResolveAsync(server.DidWeb(), CancellationToken.None);

        Assert.NotNull(found.Document);
        Assert.Equal(2, requests);
    }

    private static string FreshDidKey()
    {
        using var key = SigningKey.Generate(JwsAlgorithms.EdDSA);
        return DidKeyResolver.CreateDid(key.PublicJwk);
    }

    /// <summary>The real did:key resolver, counting how often the registry asks it.</summary>
    private sealed class CountingResolver(IDidResolver inner) : IDidResolver
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public string Method => inner.Method;

        public Task<DidResolutionResult> ResolveAsync(DidResolutionContext context, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return inner.ResolveAsync(context, cancellationToken);
        }
    }
}
