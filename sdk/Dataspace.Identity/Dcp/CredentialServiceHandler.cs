using System.Text.Json;
using Dataspace.Identity.Credentials;
using Dataspace.Identity.Jose;
using Dataspace.Identity.Wallet;

namespace Dataspace.Identity.Dcp;

/// <summary>
/// The holder side of DCP, <c>POST /presentations/query</c>: checks the verifier's token and the access token we issued inside
/// it, picks the held credentials of the requested types and answers with presentations signed by this participant.
/// </summary>
public sealed class CredentialServiceHandler
{
    private readonly ILocalIdentityProvider _identity;
    private readonly ICredentialStore _store;
    private readonly SelfIssuedTokenValidator _tokens;
    private readonly TimeProvider _time;
    private readonly IdentityOptions _options;

    /// <summary>Creates the handler.</summary>
    public CredentialServiceHandler(
        ILocalIdentityProvider identity, ICredentialStore store, SelfIssuedTokenValidator tokens, TimeProvider time, IdentityOptions options)
    {
        _identity = identity;
        _store = store;
        _tokens = tokens;
        _time = time;
        _options = options;
    }

    /// <summary>Answers a presentation query given the request's Authorization header value and JSON body.</summary>
    public async Task<CredentialServiceResponse> HandleQueryAsync(string? authorization, JsonElement body, CancellationToken cancellationToken)
    {
        if (!PresentationQueryMessage.TryParse(body, out var query, out var reason))
        {
            return CredentialServiceResponse.Error(400, "InvalidRequest", reason);
        }

        if (query.PresentationDefinition is not null && query.Scope.Count > 0)
        {
            return CredentialServiceResponse.Error(400, "InvalidRequest", "send either 'scope' or 'presentationDefinition', not both");
        }

        if (query.PresentationDefinition is not null)
        {
            return CredentialServiceResponse.Error(501, "NotImplemented", "presentationDefinition queries are not supported; query by 'scope'");
        }

        if (query.Scope.Count == 0)
        {
            return CredentialServiceResponse.Error(400, "InvalidRequest", "the query has no 'scope'");
        }

        var requested = new List<DcpScope>();
        foreach (var scope in query.Scope)
        {
            if (!DcpScopes.TryParse(scope, out var parsed, out reason))
            {
                return CredentialServiceResponse.Error(400, "InvalidScope", reason);
            }

            requested.Add(parsed);
        }

        var identity = _identity.Current;
        var validated = await _tokens.ValidateAsync(DcpVerifier.ExtractToken(authorization), identity.Did, cancellationToken).ConfigureAwait(false);
        if (!validated.Succeeded)
        {
            return CredentialServiceResponse.Error(401, validated.Error.Failure.ToString(), validated.Error.Reason);
        }

        var verifierDid = validated.Value.Issuer;
        var granted = CheckAccessToken(validated.Value.AccessToken, identity, verifierDid);
        if (!granted.Succeeded)
        {
            return CredentialServiceResponse.Error(403, granted.Error.Failure.ToString(), granted.Error.Reason);
        }

        // DCP: scopes the verifier is not entitled to are left out (2xx with fewer presentations), not refused.
        var allowed = requested.Where(granted.Value.Contains).ToList();
        var now = _time.GetUtcNow();
        var leeway = _options.ClockLeeway;
        var held = (await _store.ListAsync(cancellationToken).ConfigureAwait(false))
            .Where(c => c.SubjectDid == identity.Did && allowed.Any(s => s.Covers(c.Id, c.Types)))
            .Where(c => (c.ValidFrom is null || c.ValidFrom - leeway <= now) && (c.ValidUntil is null || c.ValidUntil + leeway >= now))
            .ToList();
        var presentations = held
            .GroupBy(c => c.Profile)
            .OrderBy(g => g.Key)
            .Select(g => JwtPresentations.Create(identity.Signer, verifierDid, g.Select(c => c.Jwt), g.Key, now, _options.IssuedTokenLifetime))
            .ToList();
        return new CredentialServiceResponse(200, new PresentationResponseMessage { Presentation = presentations }.ToJson());
    }

    // The access token is one we issued (our key, iss = aud = us) to exactly this verifier (sub); its scopes bound what it may read.
    private VerificationResult<HashSet<DcpScope>> CheckAccessToken(string? accessToken, LocalIdentity identity, string verifierDid)
    {
        if (!CompactJws.TryParse(accessToken, out var jws, out var reason))
        {
            return new VerificationError(VerificationFailure.AccessDenied, $"the token claim does not hold an access token: {reason}");
        }

        var method = jws.KeyId is null ? null : identity.Document.FindMethod(jws.KeyId);
        if (method is null || !jws.VerifySignature(method.PublicKey) || jws.GetString("iss") != identity.Did || !jws.GetAudience().Contains(identity.Did))
        {
            return new VerificationError(VerificationFailure.AccessDenied, $"the access token was not issued by {identity.Did}");
        }

        if (jws.GetString("sub") != verifierDid)
        {
            return new VerificationError(VerificationFailure.AccessDenied, $"the access token was issued to {jws.GetString("sub")}, not to {verifierDid}");
        }

        if (jws.GetTime("exp") is not { } exp || exp + _options.ClockLeeway < _time.GetUtcNow())
        {
            return new VerificationError(VerificationFailure.AccessDenied, "the access token has expired");
        }

        var scopes = new HashSet<DcpScope>();
        foreach (var scope in (jws.GetString("scope") ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (DcpScopes.TryParse(scope, out var parsed, out _))
            {
                scopes.Add(parsed);
            }
        }

        return scopes;
    }
}
