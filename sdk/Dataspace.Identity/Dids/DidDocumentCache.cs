using Dataspace.Internal;

namespace Dataspace.Identity.Dids;

/// <summary>
/// The resolver's cache: bounded, least recently used first out, expired entries swept as new ones come in. Holds
/// documents and (briefly) failures, so a peer naming endless fresh DIDs cannot grow it without limit.
/// </summary>
internal sealed class DidDocumentCache
{
    private readonly BoundedCache<Entry> _entries;

    public DidDocumentCache(int capacity, TimeSpan sweepInterval) => _entries = new BoundedCache<Entry>(capacity, sweepInterval);

    public int Count => _entries.Count;

    /// <summary>A fresh entry (now the most recently used), or null; an expired one is dropped.</summary>
    public Entry? Get(string did, DateTimeOffset now) => _entries.TryGet(did, now, out var entry) ? entry : null;

    /// <summary>Stores an entry, evicting the least recently used beyond the capacity and, now and then, every expired one.</summary>
    public void Set(Entry entry, DateTimeOffset now) => _entries.Set(entry.Did, entry, entry.Expires, now);

    public void Remove(string did) => _entries.Remove(did);

    /// <summary>A cached outcome: a document, or a failure kept only for the short failure time-to-live.</summary>
    internal sealed record Entry(string Did, DidResolutionOutcome Outcome, DateTimeOffset Expires, DateTimeOffset Fetched);
}
