using System.Collections.Concurrent;
using System.Collections.Frozen;
using Dataspace.Sdk.Identity;

namespace Dataspace.Identity.Dids;

/// <summary>Dispatches DIDs to the resolver of their method and caches parsed documents for a time-to-live.</summary>
/// <remarks>Safe for concurrent use. Failures are not cached, so a DID that appears later resolves at the next call.</remarks>
public sealed class DidResolverRegistry
{
    private readonly FrozenDictionary<string, IDidResolver> _resolvers;
    private readonly TimeProvider _time;
    private readonly TimeSpan _ttl;
    private readonly ConcurrentDictionary<string, (DidDocument Document, DateTimeOffset Expires, DateTimeOffset Fetched)> _cache = new(StringComparer.Ordinal);

    /// <summary>Creates the registry; fails if two resolvers claim the same method.</summary>
    public DidResolverRegistry(IEnumerable<IDidResolver> resolvers, TimeProvider time, TimeSpan cacheTtl)
    {
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
    }

    /// <summary>The methods with a resolver.</summary>
    public IEnumerable<string> Methods => _resolvers.Keys;

    /// <summary>Resolves a DID (a fragment is ignored) to a parsed DID document, from the cache while fresh.</summary>
    public async Task<DidResolutionOutcome> ResolveAsync(string did, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(did);
        did = Did.WithoutFragment(did);
        var now = _time.GetUtcNow();
        if (_cache.TryGetValue(did, out var cached) && cached.Expires > now)
        {
            return new DidResolutionOutcome { Document = cached.Document };
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

        var result = await resolver.ResolveAsync(new DidResolutionContext { Did = did }, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return new DidResolutionOutcome { Error = result.Error ?? DidResolutionErrors.InternalError, Reason = result.Reason };
        }

        if (!DidDocument.TryParse(result.Document!.Value, out var document, out var reason))
        {
            return new DidResolutionOutcome { Error = DidResolutionErrors.InvalidDidDocument, Reason = reason };
        }

        if (document.Id != did)
        {
            return new DidResolutionOutcome { Error = DidResolutionErrors.InvalidDidDocument, Reason = $"the resolved document's id is '{document.Id}', expected '{did}'" };
        }

        _cache[did] = (document, now + _ttl, now);
        return new DidResolutionOutcome { Document = document };
    }

    /// <summary>
    /// Resolves again, bypassing the cache, unless the cached document is younger than <paramref name="minimumAge"/>
    /// (so a caller naming unknown keys cannot make us fetch a document on every request).
    /// </summary>
    public Task<DidResolutionOutcome> RefreshAsync(string did, TimeSpan minimumAge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(did);
        var key = Did.WithoutFragment(did);
        if (_cache.TryGetValue(key, out var cached) && _time.GetUtcNow() - cached.Fetched >= minimumAge)
        {
            _cache.TryRemove(key, out _);
        }

        return ResolveAsync(key, cancellationToken);
    }

    /// <summary>Drops a DID from the cache (after a key rotation it was told about, for example).</summary>
    public void Invalidate(string did) => _cache.TryRemove(Did.WithoutFragment(did), out _);
}
