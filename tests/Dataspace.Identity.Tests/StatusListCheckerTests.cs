using System.Text.Json.Nodes;
using Dataspace.Identity.Credentials;
using Dataspace.Identity.StatusLists;
using Dataspace.Identity.Tests.Support;

namespace Dataspace.Identity.Tests;

public sealed class StatusListCheckerTests
{
    [Fact]
    public async Task IsSet_ManyMoreListUrlsThanTheBound_StaysAtTheBound_RecentListsHit_AndExpiryRefetches()
    {
        using var space = new TestDataspace(new IdentityOptions { StatusListCacheSize = 20, StatusListCacheTtl = TimeSpan.FromMinutes(5) });
        var authority = space.AddAuthority();
        var fetcher = new CountingFetcher(space.StatusLists);
        var checker = new StatusListChecker(fetcher, space.Signatures, space.Clock, space.Options);
        const int lists = 200;
        for (var i = 0; i < lists; i++)
        {
            space.StatusLists.Publish(Url(i), StatusList(space, authority, Url(i)));
        }

        for (var i = 0; i < lists; i++)
        {
            var result = await checker.IsSetAsync(Entry(i), authority.Did, CancellationToken.None);
            Assert.True(result.Succeeded, result.Reason);
        }

        Assert.Equal(20, checker.Count);
        Assert.Equal(lists, fetcher.Fetches);

        // The 20 most recent lists are served from the cache; an older one is fetched again.
        for (var i = lists - 20; i < lists; i++)
        {
            Assert.True((await checker.IsSetAsync(Entry(i), authority.Did, CancellationToken.None)).Succeeded);
        }

        Assert.Equal(lists, fetcher.Fetches);
        Assert.True((await checker.IsSetAsync(Entry(0), authority.Did, CancellationToken.None)).Succeeded);
        Assert.Equal(lists + 1, fetcher.Fetches);
        Assert.Equal(20, checker.Count);

        // After the time-to-live, a cached list is fetched again.
        space.Clock.Advance(TimeSpan.FromMinutes(6));
        Assert.True((await checker.IsSetAsync(Entry(lists - 1), authority.Did, CancellationToken.None)).Succeeded);
        Assert.Equal(lists + 2, fetcher.Fetches);
    }

    private static string Url(int i) => $"https://status.example/many/{i}";

    private static CredentialStatusEntry Entry(int i) => new() { StatusListCredential = Url(i), Index = 3 };

    private static string StatusList(TestDataspace space, Authority authority, string url) =>
        JwtCredentials.Issue(
            new CredentialDraft
            {
                Id = url,
                Types = ["BitstringStatusListCredential"],
                SubjectDid = url + "#list",
                Claims = new JsonObject
                {
                    ["type"] = "BitstringStatusList",
                    ["statusPurpose"] = StatusPurposes.Revocation,
                    ["encodedList"] = new StatusBitstring().Encode(true),
                },
                ValidFrom = space.Clock.GetUtcNow().AddDays(-1),
            },
            authority.Signer,
            CredentialProfile.Vc20BitstringStatusList);

    private sealed class CountingFetcher(IStatusListFetcher inner) : IStatusListFetcher
    {
        public int Fetches { get; private set; }

        public Task<StatusListFetchResult> FetchAsync(Uri url, CancellationToken cancellationToken)
        {
            Fetches++;
            return inner.FetchAsync(url, cancellationToken);
        }
    }
}
