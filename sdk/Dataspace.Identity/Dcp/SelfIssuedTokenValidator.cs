using Dataspace.Identity.Credentials;
using Dataspace.Identity.Dids;
using Dataspace.Identity.Jose;

namespace Dataspace.Identity.Dcp;

/// <summary>Validates DCP Self-Issued ID tokens: iss = sub, audience, time claims with leeway, lifetime, capabilityInvocation key, replay.</summary>
public sealed class SelfIssuedTokenValidator
{
    private readonly DidJwsVerifier _signatures;
    private readonly JtiReplayCache _replay;
    private readonly TimeProvider _time;
    private readonly IdentityOptions _options;

    /// <summary>Creates the validator.</summary>
    public SelfIssuedTokenValidator(DidJwsVerifier signatures, JtiReplayCache replay, TimeProvider time, IdentityOptions options)
    {
        _signatures = signatures;
        _replay = replay;
        _time = time;
        _options = options;
    }

    /// <summary>Validates the token for <paramref name="expectedAudience"/> (our DID); the token's jti is spent on success.</summary>
    public async Task<VerificationResult<SelfIssuedToken>> ValidateAsync(string? token, string expectedAudience, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            return new VerificationError(VerificationFailure.MissingToken, "no token was presented; send 'Authorization: Bearer <Self-Issued ID token>'");
        }

        if (!CompactJws.TryParse(token, out var jws, out var reason))
        {
            return Malformed(reason);
        }

        if (!JwsAlgorithms.IsSupported(jws.Algorithm))
        {
            return new VerificationError(VerificationFailure.UnsupportedAlgorithm, $"alg '{jws.Algorithm}' is not supported; expected ES256, ES384, ES512, EdDSA, RS256/384/512 or PS256/384/512");
        }

        var iss = jws.GetString("iss");
        var sub = jws.GetString("sub");
        if (iss is null || sub is null)
        {
            return Malformed("the token needs string 'iss' and 'sub' claims");
        }

        if (iss != sub)
        {
            return new VerificationError(VerificationFailure.IssuerSubjectMismatch, $"a Self-Issued ID token has iss = sub; this one has iss '{iss}' and sub '{sub}'");
        }

        if (!Did.TryParse(iss, out _, out _))
        {
            return new VerificationError(VerificationFailure.UnknownDid, $"iss '{iss}' is not a DID");
        }

        var audience = jws.GetAudience();
        if (!audience.Contains(expectedAudience))
        {
            return new VerificationError(VerificationFailure.WrongAudience, $"the token is for '{string.Join(", ", audience)}', expected '{expectedAudience}'");
        }

        var jti = jws.GetString("jti");
        if (!jws.TryGetTime("exp", out var exp) || !jws.TryGetTime("iat", out var iat) || !jws.TryGetTime("nbf", out var nbf))
        {
            return Malformed("the token's 'exp', 'iat' and 'nbf' must be NumericDates (seconds since 1970) before the year 9998");
        }

        if (jti is null || exp is null || iat is null)
        {
            return Malformed("the token needs 'jti', 'iat' and 'exp' claims");
        }

        var now = _time.GetUtcNow();
        var leeway = _options.ClockLeeway;
        if (exp.Value + leeway < now)
        {
            return new VerificationError(VerificationFailure.TokenExpired, $"the token expired at {exp:O} (now {now:O}, leeway {leeway.TotalSeconds}s)");
        }

        if (iat.Value - leeway > now)
        {
            return new VerificationError(VerificationFailure.TokenNotYetValid, $"the token's iat {iat:O} is in the future (now {now:O}, leeway {leeway.TotalSeconds}s)");
        }

        if (nbf is { } notBefore && notBefore - leeway > now)
        {
            return new VerificationError(VerificationFailure.TokenNotYetValid, $"the token's nbf {notBefore:O} is in the future (now {now:O}, leeway {leeway.TotalSeconds}s)");
        }

        if (exp.Value - iat.Value > _options.MaxTokenLifetime)
        {
            return new VerificationError(VerificationFailure.TokenLifetimeTooLong, $"the token lives {(exp.Value - iat.Value).TotalSeconds}s; at most {_options.MaxTokenLifetime.TotalSeconds}s is accepted");
        }

        var signed = await _signatures.VerifyAsync(jws, iss, VerificationRelationship.CapabilityInvocation, kidRequiredWithSeveralKeys: true, cancellationToken).ConfigureAwait(false);
        if (!signed.Succeeded)
        {
            return signed.Error;
        }

        // Spent only after the signature holds, so a forger cannot burn someone else's token ids.
        switch (_replay.Use(iss, jti, exp.Value + leeway))
        {
            case JtiUse.Replayed:
                return new VerificationError(VerificationFailure.ReplayedToken, $"token id '{jti}' from {iss} was already used");
            case JtiUse.Full:
                return new VerificationError(VerificationFailure.ReplayCacheFull, $"token id '{jti}' from {iss} expires no later than token ids this connector had to forget to stay within its maximum of {_replay.Capacity} (Connector:Identity:JtiCacheSize), so it may be a replay; send a freshly issued token");
        }

        return new SelfIssuedToken { Issuer = iss, Jti = jti, ExpiresAt = exp.Value, AccessToken = jws.GetString("token"), Jws = jws };
    }

    private static VerificationError Malformed(string reason) => new(VerificationFailure.MalformedToken, reason);
}
