using Dataspace.Internal;
using Dataspace.Sdk.Identity;

namespace Dataspace.Identity.Dcp;

/// <summary>Keeps a caller's verified credentials for a short time, so one negotiation does not query its wallet per message.</summary>
/// <remarks>
/// Entries are keyed by caller and requested types; the caller's token is still validated on every message. Bounded
/// (least recently used out first, expired entries swept), since every member of the data space with a fresh DID adds one.
/// </remarks>
public sealed class PresentationCache
{
    /// <summary>The default bound on cached callers.</summary>
    public const int DefaultCapacity = 10_000;

    private readonly BoundedCache<VerifiedCaller> _entries;
    private readonly TimeProvider _time;
    private readonly TimeSpan _ttl;

    /// <summary>Creates the cache with its time-to-live and bound.</summary>
    public PresentationCache(TimeProvider time, TimeSpan ttl, int capacity = DefaultCapacity)
    {
        _time = time;
        _ttl = ttl;
        _entries = new BoundedCache<VerifiedCaller>(capacity, ttl);
    }

    /// <summary>How many entries the cache holds now (at most the bound).</summary>
    public int Count => _entries.Count;

    /// <summary>The cached caller for the types, if still fresh (and no credential in it has expired).</summary>
    public VerifiedCaller? Get(string callerDid, IEnumerable<string> types) =>
        _entries.TryGet(Key(callerDid, types), _time.GetUtcNow(), out var caller) ? caller : null;

    /// <summary>Stores a verified caller until the TTL passes or its first credential expires, whichever is sooner.</summary>
    public void Set(VerifiedCaller caller, IEnumerable<string> types)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var now = _time.GetUtcNow();
        var expires = now + _ttl;
        foreach (var until in caller.Credentials.Select(c => c.ValidUntil).OfType<DateTimeOffset>())
        {
            expires = until < expires ? until : expires;
        }

        _entries.Set(Key(caller.Did, types), caller, expires, now);
    }

    /// <summary>Forgets everything cached for a caller (after a revocation it was told about, for example).</summary>
    public void Invalidate(string callerDid) =>
        _entries.RemoveWhere(k => k.StartsWith(callerDid + " ", StringComparison.Ordinal));

    private static string Key(string did, IEnumerable<string> types) => did + " " + string.Join(',', types.Order(StringComparer.Ordinal));
}
