using System.Security.Cryptography;
using System.Text;
using Dataspace.Internal;
using Dataspace.Sdk.Identity;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.Policies;

/// <summary>
/// A consumer's credentials as they stand now, for policies evaluated while it accesses data: the credentials it was
/// verified with (at negotiation), less those that expired since or that no longer verify (revoked, suspended, issuer
/// no longer trusted). The full check runs at most every <see cref="PolicyEnforcementOptions.CredentialRecheckSeconds"/>
/// per consumer and credential set; expiry is checked at every access.
/// </summary>
public sealed class ConsumerCredentials
{
    private readonly ICredentialRechecker _rechecker;
    private readonly TimeProvider _time;
    private readonly IOptions<PolicyEnforcementOptions> _options;
    private readonly BoundedCache<Checked> _checked;

    /// <summary>Creates the cache.</summary>
    public ConsumerCredentials(ICredentialRechecker rechecker, TimeProvider time, IOptions<PolicyEnforcementOptions> options)
    {
        _rechecker = rechecker;
        _time = time;
        _options = options;

        // Bounded by count (least recently used out first) as well as by the re-check interval, so the number of
        // consumers active within one interval cannot grow it without limit either.
        _checked = new BoundedCache<Checked>(options.Value.CredentialRecheckCacheSize, TimeSpan.FromSeconds(Math.Max(1, options.Value.CredentialRecheckSeconds)));
    }

    /// <summary>How many consumers' re-check results are kept now (at most <see cref="PolicyEnforcementOptions.CredentialRecheckCacheSize"/>).</summary>
    internal int Count => _checked.Count;

    /// <summary>
    /// The caller with only the credentials that still hold, and why each other one was dropped (empty when none was).
    /// </summary>
    public async Task<(VerifiedCaller Current, IReadOnlyList<string> Dropped)> CurrentAsync(VerifiedCaller verified, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(verified);
        if (verified.Credentials.Count == 0)
        {
            return (verified, []);
        }

        var now = _time.GetUtcNow();
        var key = Key(verified);
        var interval = TimeSpan.FromSeconds(_options.Value.CredentialRecheckSeconds);
        if (!_checked.TryGet(key, now, out var entry))
        {
            var failures = new string?[verified.Credentials.Count];
            for (var i = 0; i < failures.Length; i++)
            {
                failures[i] = await _rechecker.RecheckAsync(verified.Credentials[i], verified.Did, cancellationToken).ConfigureAwait(false);
            }

            entry = new Checked(now, failures);
            _checked.Set(key, entry, now + interval, now);
        }

        var kept = new List<VerifiedCredential>(verified.Credentials.Count);
        var dropped = new List<string>();
        for (var i = 0; i < verified.Credentials.Count; i++)
        {
            var credential = verified.Credentials[i];
            if ((entry.Failures[i] ?? Expired(credential, now)) is { } failure)
            {
                dropped.Add(failure);
            }
            else
            {
                kept.Add(credential);
            }
        }

        return (dropped.Count == 0 ? verified : verified with { Credentials = kept }, dropped);
    }

    /// <summary>Null while the credential has not expired, else the reason.</summary>
    internal static string? Expired(VerifiedCredential credential, DateTimeOffset now) =>
        credential.ValidUntil is { } until && until < now
            ? $"credential {credential.Id ?? string.Join('/', credential.Types)} expired at {until:O}"
            : null;

    // One entry per consumer and set of credentials: a consumer negotiating again with new credentials is checked anew.
    private static string Key(VerifiedCaller caller)
    {
        var text = new StringBuilder(caller.Did);
        foreach (var credential in caller.Credentials)
        {
            text.Append('\n').Append(credential.Jwt ?? credential.Id ?? string.Join('/', credential.Types));
        }

        return caller.Did + " " + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private sealed record Checked(DateTimeOffset At, string?[] Failures);
}
