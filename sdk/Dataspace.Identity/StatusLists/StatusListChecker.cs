using Dataspace.Identity.Credentials;
using Dataspace.Identity.Dids;
using Dataspace.Internal;

namespace Dataspace.Identity.StatusLists;

/// <summary>Looks up a credential's status bit: fetches the status list credential, verifies it was signed by the credential's issuer, decodes it.</summary>
/// <remarks>
/// Verified lists are cached for <see cref="IdentityOptions.StatusListCacheTtl"/>, at most
/// <see cref="IdentityOptions.StatusListCacheSize"/> of them (a credential names its own list URL); safe for concurrent use.
/// </remarks>
public sealed class StatusListChecker
{
    /// <summary>The default bound on cached status lists.</summary>
    public const int DefaultCapacity = 10_000;

    private readonly IStatusListFetcher _fetcher;
    private readonly DidJwsVerifier _signatures;
    private readonly TimeProvider _time;
    private readonly IdentityOptions _options;
    private readonly BoundedCache<(ParsedCredential List, StatusBitstring Bits)> _cache;

    /// <summary>Creates the checker.</summary>
    public StatusListChecker(IStatusListFetcher fetcher, DidJwsVerifier signatures, TimeProvider time, IdentityOptions options)
    {
        _fetcher = fetcher;
        _signatures = signatures;
        _time = time;
        _options = options;
        _cache = new BoundedCache<(ParsedCredential List, StatusBitstring Bits)>(options.StatusListCacheSize, options.StatusListCacheTtl);
    }

    /// <summary>How many status lists are cached now (at most <see cref="IdentityOptions.StatusListCacheSize"/>).</summary>
    public int Count => _cache.Count;

    /// <summary>Whether the entry's bit is set (true: revoked or suspended by the entry's purpose), or why it could not be read.</summary>
    public async Task<VerificationResult<bool>> IsSetAsync(CredentialStatusEntry entry, string credentialIssuer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Size != 1)
        {
            return Unavailable($"status entries of {entry.Size} bits (statusSize) are not supported; only 1-bit revocation and suspension");
        }

        var now = _time.GetUtcNow();
        if (!_cache.TryGet(entry.StatusListCredential, now, out var cached))
        {
            var loaded = await LoadAsync(entry.StatusListCredential, cancellationToken).ConfigureAwait(false);
            if (!loaded.Succeeded)
            {
                return loaded.Error;
            }

            cached = loaded.Value;
            _cache.Set(entry.StatusListCredential, cached, now + _options.StatusListCacheTtl, now);
        }

        if (cached.List.Issuer != credentialIssuer)
        {
            return Unavailable($"the status list {entry.StatusListCredential} was issued by {cached.List.Issuer}, not by the credential's issuer {credentialIssuer}");
        }

        var purpose = JsonReading.String(cached.List.Subject, "statusPurpose");
        if (purpose != entry.Purpose)
        {
            return Unavailable($"the status list {entry.StatusListCredential} has purpose '{purpose}', the credential's entry '{entry.Purpose}'");
        }

        if (entry.Index >= cached.Bits.Length)
        {
            return Unavailable($"status index {entry.Index} is beyond the {cached.Bits.Length} entries of {entry.StatusListCredential}");
        }

        return cached.Bits.Get(entry.Index);
    }

    private async Task<VerificationResult<(ParsedCredential List, StatusBitstring Bits)>> LoadAsync(string url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return Unavailable($"statusListCredential '{url}' is not an http(s) URL");
        }

        var fetched = await _fetcher.FetchAsync(uri, cancellationToken).ConfigureAwait(false);
        if (fetched.Jwt is null)
        {
            return Unavailable($"the status list {url} could not be fetched: {fetched.Reason}");
        }

        if (!ParsedCredential.TryParse(fetched.Jwt, out var list, out var reason))
        {
            return Unavailable($"the status list {url} is not a credential: {reason}");
        }

        var signed = await _signatures.VerifyAsync(list.Jws, list.Issuer, VerificationRelationship.AssertionMethod, cancellationToken).ConfigureAwait(false);
        if (!signed.Succeeded)
        {
            return Unavailable($"the status list {url} failed verification: {signed.Error}");
        }

        var now = _time.GetUtcNow();
        if (list.ValidUntil is { } until && until + _options.ClockLeeway < now)
        {
            return Unavailable($"the status list {url} expired at {until:O}");
        }

        var encoded = JsonReading.String(list.Subject, "encodedList");
        if (!StatusBitstring.TryDecode(encoded, out var bits, out reason))
        {
            return Unavailable($"the status list {url} has a bad encodedList: {reason}");
        }

        return (list, bits);
    }

    private static VerificationError Unavailable(string reason) => new(VerificationFailure.StatusUnavailable, reason);
}
