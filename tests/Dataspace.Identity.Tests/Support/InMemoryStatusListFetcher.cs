using System.Collections.Concurrent;
using Dataspace.Identity.StatusLists;

namespace Dataspace.Identity.Tests.Support;

/// <summary>Serves status list credentials from a dictionary.</summary>
internal sealed class InMemoryStatusListFetcher : IStatusListFetcher
{
    private readonly ConcurrentDictionary<string, string> _lists = new(StringComparer.Ordinal);

    public void Publish(string url, string jwt) => _lists[url] = jwt;

    public Task<StatusListFetchResult> FetchAsync(Uri url, CancellationToken cancellationToken) =>
        Task.FromResult(_lists.TryGetValue(url.AbsoluteUri, out var jwt)
            ? new StatusListFetchResult { Jwt = jwt }
            : new StatusListFetchResult { Reason = $"nothing published at {url}" });
}
