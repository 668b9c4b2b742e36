using System.Collections.Frozen;
using Dataspace.Internal;
using Dataspace.Sdk.Identity;

namespace Dataspace.Identity.Dids;

/// <summary>Dispatches DIDs to the resolver of their method and caches parsed documents for a time-to-live.</summary>
/// <remarks>
/// Safe for concurrent use. The cache is bounded (least recently used out first) and swept of expired entries, so callers
/// naming endless fresh DIDs cannot grow it; a failure is kept only briefly, so a DID that appears later resolves soon,
/// while a peer repeating a DID that fails does not make us fetch it on every request.
/// </remarks>
public sealed class DidResolverRegistry
{
    /// <summary>The default bound of the cache.</summary>
    public const int DefaultCacheSize = 10_000;

    /// <summary>
    /// The default time a failed resolution is remembered: none. A remembered failure also refuses every member whose
    /// DID document was briefly unreachable (an authority restarting, a credential imported before its issuer was up)
    /// for that long; operators who prefer fewer fetches of failing DIDs set it.
    /// </summary>
    public static readonly TimeSpan DefaultFailureTtl = TimeSpan.Zero;

    private readonly FrozenDictionary<string, IDidResolver> _resolvers;
    private readonly TimeProvider _time;
    private readonly TimeSpan _ttl;
    private readonly TimeSpan _failureTtl;
    private readonly BoundedCache<CachedOutcome> _cache;

    /// <summary>Creates the registry with the default cache bound and failure time-to-live; fails if two resolvers claim the same method.</summary>
    public DidResolverRegistry(IEnumerable<IDidResolver> resolvers, TimeProvider time, TimeSpan cacheTtl)
        : this(resolvers, time, cacheTtl, DefaultCacheSize, DefaultFailureTtl)
    {
    }

    /// <summary>Creates the registry; fails if two resolvers claim the same method.</summary>
    /// <param name="resolvers">One resolver per DID method.</param>
    /// <param name="time">The clock.</param>
    /// <param name="cacheTtl">How long a resolved document is reused.</param>
    /// <param name="cacheSize">How many DIDs the cache holds at most.</param>
    /// <param name="failureTtl">How long a failed resolution is remembered (never longer than <paramref name="cacheTtl"/>).</param>
    public DidResolverRegistry(IEnumerable<IDidResolver> resolvers, TimeProvider time, TimeSpan cacheTtl, int cacheSize, TimeSpan failureTtl)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cacheSize, 1);
        ArgumentNullException.ThrowIfNull(resolvers);
        var byMethod = new Dictionary<string, IDidResolver>(StringComparer.Ordinal);
        foreach (var resolver in resolvers)
        {
            if (!byMethod.TryAdd(resolver.Method, resolver))
            {
                throw new InvalidOperationException($"Two DID resolvers handle did:{resolver.Method} ({byMethod[resolver.Method].GetType().Name} and {resolver.GetType().Name}); register one.");
            }
        }

        _resolvers = byMethod.ToFrozenDictionary(StringComparer.Ordinal);
        _time = time;
        _ttl = cacheTtl;
        _failureTtl = failureTtl < cacheTtl ? failureTtl : cacheTtl;
        _cache = new BoundedCache<CachedOutcome>(cacheSize, _failureTtl > TimeSpan.Zero ? _failureTtl : cacheTtl);
    }

    /// <summary>How many DIDs (documents and remembered failures) the cache holds now.</summary>
    public int CachedCount => _cache.Count;

    /// <summary>The methods with a resolver.</summary>
    public IEnumerable<string> Methods => _resolvers.Keys;

    /// <summary>Resolves a DID (a fragment is ignored) to a parsed DID document, from the cache while fresh.</summary>
    public async Task<DidResolutionOutcome> ResolveAsync(string did, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(did);
        did = Did.WithoutFragment(did);
        var now = _time.GetUtcNow();
        if (_cache.TryGet(did, now, out var cached))
        {
            return cached.Outcome;
        }

        if (!Did.TryParse(did, out var method, out _))
        {
            return new DidResolutionOutcome { Error = DidResolutionErrors.InvalidDid, Reason = $"'{did}' is not a DID (expected did:<method>:<id>)" };
        }

        if (!_resolvers.TryGetValue(method, out var resolver))
        {
            return new DidResolutionOutcome
            {
                Error = DidResolutionErrors.MethodNotSupported,
                Reason = $"did:{method} is not supported; supported methods: {string.Join(", ", _resolvers.Keys.Order().Select(m => "did:" + m))}",
            };
        }

        var outcome = await ResolveUncachedAsync(resolver, did, cancellationToken).ConfigureAwait(false);
        var ttl = outcome.Document is null ? _failureTtl : _ttl;
        if (ttl > TimeSpan.Zero)
        {
            _cache.Set(did, new CachedOutcome(outcome, now), now + ttl, now);
        }

        return outcome;
    }

    private static async Task<DidResolutionOutcome> ResolveUncachedAsync(IDidResolver resolver, string did, CancellationToken cancellationToken)
    {
        var result = await resolver.ResolveAsync(new DidResolutionContext { Did = did }, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return new DidResolutionOutcome { Error = result.Error ?? DidResolutionErrors.InternalError, Reason = result.Reason };
        }

        if (!DidDocument.TryParse(result.Document!.Value, out var document, out var reason))
        {
            return new DidResolutionOutcome { Error = DidResolutionErrors.InvalidDidDocument, Reason = reason };
        }

        return document.Id != did
            ? new DidResolutionOutcome { Error = DidResolutionErrors.InvalidDidDocument, Reason = $"the resolved document's id is '{document.Id}', expected '{did}'" }
            : new DidResolutionOutcome { Document = document };
    }

    /// <summary>
    /// Resolves again, bypassing the cache, unless the cached document is younger than <paramref name="minimumAge"/>
    /// (so a caller naming unknown keys cannot make us fetch a document on every request).
    /// </summary>
    public Task<DidResolutionOutcome> RefreshAsync(string did, TimeSpan minimumAge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(did);
        var key = Did.WithoutFragment(did);
        var now = _time.GetUtcNow();
        if (_cache.TryGet(key, now, out var cached) && now - cached.Fetched >= minimumAge)
        {
            _cache.Remove(key);
        }

        return ResolveAsync(key, cancellationToken);
    }

    /// <summary>Drops a DID from the cache (after a key rotation it was told about, for example).</summary>
    public void Invalidate(string did) => _cache.Remove(Did.WithoutFragment(did));

    // A document, or a failure kept only for the short failure time-to-live, with when it was fetched.
    private sealed record CachedOutcome(DidResolutionOutcome Outcome, DateTimeOffset Fetched);
}
