using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Dataspace.Plugins.Transport.Http.Pull;

/// <summary>Issues, validates and revokes pull access tokens (compact JWS, HMAC-SHA256).</summary>
/// <remarks>
/// A token's generation is its issue time in microseconds (made unique per transfer), so generations keep growing across
/// restarts and a revocation retires every token issued before it, in this process or an earlier one. Revocations are
/// kept on disk (<see cref="AccessTokenRevocations"/>) when the service has a data folder.
/// </remarks>
internal sealed class AccessTokenService
{
    // The only header this data plane issues; comparing it verbatim refuses "alg": "none" and algorithm confusion.
    private const string Header = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";
    private const int MaxTokenLength = 4096;
    private const int SweepThreshold = 1024;

    private readonly AccessTokenKey _key;
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;
    private readonly ConcurrentDictionary<string, TransferTokens> _transfers = new(StringComparer.Ordinal);
    private readonly AccessTokenRevocations? _revocations;

    /// <summary>Creates the service; without <paramref name="revocations"/> revocations are kept in memory only (tests, benchmarks).</summary>
    public AccessTokenService(AccessTokenKey key, TimeProvider time, HttpTransportOptions options, AccessTokenRevocations? revocations = null)
    {
        _key = key;
        _time = time;
        _lifetime = options.TokenLifetime;
        _revocations = revocations;
        foreach (var (transferId, validFrom) in revocations?.Loaded ?? new Dictionary<string, long>())
        {
            _transfers[transferId] = new TransferTokens { LastIssued = validFrom - 1, ValidFrom = validFrom, LastExpiry = IssuedAt(validFrom) + _lifetime };
        }
    }

    /// <summary>When a token of <paramref name="generation"/> was issued (to the millisecond).</summary>
    public static DateTimeOffset IssuedAt(long generation) => DateTimeOffset.FromUnixTimeMilliseconds(generation / 1000);

    private static long GenerationAt(DateTimeOffset time) => time.ToUnixTimeMilliseconds() * 1000;

    /// <summary>How long issued tokens are valid.</summary>
    public TimeSpan Lifetime => _lifetime;

    /// <summary>Issues a new token for a transfer; earlier tokens of the transfer stay valid until they expire or a stop.</summary>
    public (string Token, AccessTokenClaims Claims) Issue(string transferId, string agreementId, string consumerId)
    {
        var now = _time.GetUtcNow();
        var expires = now + _lifetime;
        var state = _transfers.GetOrAdd(transferId, _ => new TransferTokens());
        long generation;
        lock (state)
        {
            generation = state.LastIssued = Math.Max(state.LastIssued + 1, GenerationAt(now));
            if (expires > state.LastExpiry)
            {
                state.LastExpiry = expires;
            }
        }

        var claims = new AccessTokenClaims
        {
            TokenId = Guid.NewGuid().ToString("N"),
            ConsumerId = consumerId,
            TransferId = transferId,
            AgreementId = agreementId,
            Generation = generation,
            IssuedAt = now.ToUnixTimeSeconds(),
            ExpiresAt = expires.ToUnixTimeSeconds(),
        };
        var payload = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(claims, AccessTokenJsonContext.Default.AccessTokenClaims));
        var signingInput = Header + "." + payload;
        var signature = Base64Url.EncodeToString(Sign(signingInput));
        SweepIfLarge(now);
        return (signingInput + "." + signature, claims);
    }

    /// <summary>Retires every token issued so far for the transfer, also by an earlier process; new ones may be issued on resume.</summary>
    public async Task RevokeAsync(string transferId, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var state = _transfers.GetOrAdd(transferId, _ => new TransferTokens());
        long validFrom;
        lock (state)
        {
            // Past every generation issued up to this millisecond, here or before a restart.
            validFrom = state.ValidFrom = Math.Max(state.LastIssued + 1, GenerationAt(now.AddMilliseconds(1)));
            state.LastIssued = validFrom - 1;
            if (now + _lifetime > state.LastExpiry)
            {
                state.LastExpiry = now + _lifetime;
            }
        }

        if (_revocations is not null)
        {
            await _revocations.AppendAsync(transferId, validFrom, cancellationToken).ConfigureAwait(false);
        }

        SweepIfLarge(now);
    }

    /// <summary>Checks the token's form, signature, expiry, revocation and that it was issued for <paramref name="transferId"/>.</summary>
    public AccessTokenValidation Validate(string token, string transferId)
    {
        if (token.Length > MaxTokenLength)
        {
            return AccessTokenValidation.Invalid("the access token is too long to be one this data plane issued");
        }

        var parts = token.Split('.');
        if (parts.Length != 3 || !string.Equals(parts[0], Header, StringComparison.Ordinal))
        {
            return AccessTokenValidation.Invalid("the access token is not one this data plane issued (expected an HS256 JWT from the transfer start message)");
        }

        var expected = Sign(token.AsSpan(0, parts[0].Length + 1 + parts[1].Length));
        if (!TryDecode(parts[2], out var signature) || !CryptographicOperations.FixedTimeEquals(signature, expected))
        {
            return AccessTokenValidation.Invalid("the access token's signature is invalid");
        }

        AccessTokenClaims? claims;
        try
        {
            claims = TryDecode(parts[1], out var payload) ? JsonSerializer.Deserialize(payload, AccessTokenJsonContext.Default.AccessTokenClaims) : null;
        }
        catch (JsonException)
        {
            claims = null;
        }

        if (claims is null)
        {
            return AccessTokenValidation.Invalid("the access token's claims are malformed");
        }

        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(claims.ExpiresAt);
        if (_time.GetUtcNow() >= expiresAt)
        {
            return AccessTokenValidation.Invalid($"the access token expired at {expiresAt:O}; ask the provider to restart the transfer for a new one");
        }

        if (!string.Equals(claims.TransferId, transferId, StringComparison.Ordinal))
        {
            return AccessTokenValidation.Invalid($"the access token was issued for another transfer, not '{transferId}'");
        }

        if (_transfers.TryGetValue(transferId, out var state))
        {
            lock (state)
            {
                if (claims.Generation < state.ValidFrom)
                {
                    return AccessTokenValidation.Invalid("the access token was revoked: the transfer was suspended, terminated or completed");
                }
            }
        }

        return AccessTokenValidation.Valid(claims);
    }

    private byte[] Sign(ReadOnlySpan<char> signingInput)
    {
        var max = Encoding.ASCII.GetMaxByteCount(signingInput.Length);
        Span<byte> input = max <= 1024 ? stackalloc byte[max] : new byte[max];
        var length = Encoding.ASCII.GetBytes(signingInput, input);
        return HMACSHA256.HashData(_key.Key.Span, input[..length]);
    }

    private static bool TryDecode(string text, out byte[] bytes)
    {
        bytes = [];
        if (!Base64Url.IsValid(text))
        {
            return false;
        }

        bytes = Base64Url.DecodeFromChars(text);
        return true;
    }

    // Entries whose every token has expired tell nothing the expiry check does not: drop them.
    private void SweepIfLarge(DateTimeOffset now)
    {
        if (_transfers.Count < SweepThreshold)
        {
            return;
        }

        foreach (var (transferId, state) in _transfers)
        {
            bool expired;
            lock (state)
            {
                expired = state.LastExpiry <= now;
            }

            if (expired)
            {
                _transfers.TryRemove(new KeyValuePair<string, TransferTokens>(transferId, state));
            }
        }
    }

    private sealed class TransferTokens
    {
        public long LastIssued { get; set; }

        public long ValidFrom { get; set; }

        public DateTimeOffset LastExpiry { get; set; }
    }
}
