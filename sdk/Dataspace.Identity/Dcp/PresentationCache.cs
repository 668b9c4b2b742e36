using System.Collections.Concurrent;
using Dataspace.Sdk.Identity;

namespace Dataspace.Identity.Dcp;

/// <summary>Keeps a caller's verified credentials for a short time, so one negotiation does not query its wallet per message.</summary>
/// <remarks>Entries are keyed by caller and requested types; the caller's token is still validated on every message.</remarks>
public sealed class PresentationCache
{
    private readonly ConcurrentDictionary<string, (VerifiedCaller Caller, DateTimeOffset Expires)> _entries = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly TimeSpan _ttl;

    /// <summary>Creates the cache with its time-to-live.</summary>
    public PresentationCache(TimeProvider time, TimeSpan ttl)
    {
        _time = time;
        _ttl = ttl;
    }

    /// <summary>The cached caller for the types, if still fresh (and no credential in it has expired).</summary>
    public VerifiedCaller? Get(string callerDid, IEnumerable<string> types)
    {
        var key = Key(callerDid, types);
        var now = _time.GetUtcNow();
        if (_entries.TryGetValue(key, out var entry) && entry.Expires > now)
        {
            return entry.Caller;
        }

        _entries.TryRemove(key, out _);
        return null;
    }

    /// <summary>Stores a verified caller until the TTL passes or its first credential expires, whichever is sooner.</summary>
    public void Set(VerifiedCaller caller, IEnumerable<string> types)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var expires = _time.GetUtcNow() + _ttl;
        foreach (var until in caller.Credentials.Select(c => c.ValidUntil).OfType<DateTimeOffset>())
        {
            expires = until < expires ? until : expires;
        }

        _entries[Key(caller.Did, types)] = (caller, expires);
    }

    /// <summary>Forgets everything cached for a caller (after a revocation it was told about, for example).</summary>
    public void Invalidate(string callerDid)
    {
        foreach (var key in _entries.Keys.Where(k => k.StartsWith(callerDid + " ", StringComparison.Ordinal)))
        {
            _entries.TryRemove(key, out _);
        }
    }

    private static string Key(string did, IEnumerable<string> types) => did + " " + string.Join(',', types.Order(StringComparer.Ordinal));
}
