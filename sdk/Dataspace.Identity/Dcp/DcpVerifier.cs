using Dataspace.Identity.Credentials;
using Dataspace.Identity.Dids;
using Dataspace.Sdk.Identity;
using Microsoft.Extensions.Logging;

namespace Dataspace.Identity.Dcp;

/// <summary>
/// The verifier side of DCP: validates a caller's Self-Issued ID token, queries the caller's Credential Service for the
/// credential types a request needs, verifies the presentations, and returns the caller's DID with its verified claims.
/// </summary>
public sealed partial class DcpVerifier
{
    private const string BearerPrefix = "Bearer ";
    private const int MaxPresentations = 16;
    private readonly SelfIssuedTokenValidator _tokens;
    private readonly DidResolverRegistry _resolver;
    private readonly ICredentialServiceClient _credentialService;
    private readonly CredentialServiceLocator _locator;
    private readonly CredentialVerifier _credentials;
    private readonly SecureTokenService _sts;
    private readonly ILocalIdentityProvider _identity;
    private readonly PresentationCache _cache;
    private readonly IdentityOptions _options;
    private readonly ILogger<DcpVerifier> _logger;

    /// <summary>Creates the verifier.</summary>
    public DcpVerifier(
        SelfIssuedTokenValidator tokens,
        DidResolverRegistry resolver,
        ICredentialServiceClient credentialService,
        CredentialServiceLocator locator,
        CredentialVerifier credentials,
        SecureTokenService sts,
        ILocalIdentityProvider identity,
        PresentationCache cache,
        IdentityOptions options,
        ILogger<DcpVerifier> logger)
    {
        _tokens = tokens;
        _resolver = resolver;
        _credentialService = credentialService;
        _locator = locator;
        _credentials = credentials;
        _sts = sts;
        _identity = identity;
        _cache = cache;
        _options = options;
        _logger = logger;
    }

    /// <summary>Verifies the caller of a request from its Authorization header value (<c>Bearer x</c> or the bare token).</summary>
    /// <param name="authorization">The header value, or null when the request had none.</param>
    /// <param name="credentialTypes">The credential types to request (empty: authenticate the DID only).</param>
    /// <param name="cancellationToken">Cancels resolution and the Credential Service query.</param>
    public async Task<VerificationResult<VerifiedCaller>> VerifyAsync(
        string? authorization, IReadOnlyCollection<string> credentialTypes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentialTypes);
        var result = await VerifyCoreAsync(ExtractToken(authorization), credentialTypes, cancellationToken).ConfigureAwait(false);
        if (result.Succeeded)
        {
            LogVerified(_logger, result.Value.Did, result.Value.Credentials.Count);
        }
        else
        {
            LogRefused(_logger, result.Error.Failure, result.Error.Reason);
        }

        return result;
    }

    /// <summary>The token in an Authorization header value: after <c>Bearer </c>, or the whole value.</summary>
    public static string? ExtractToken(string? authorization)
    {
        var value = authorization?.Trim();
        if (string.IsNullOrEmpty(value) || value.Equals(BearerPrefix.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return value.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) ? value[BearerPrefix.Length..].Trim() : value;
    }

    private async Task<VerificationResult<VerifiedCaller>> VerifyCoreAsync(string? token, IReadOnlyCollection<string> types, CancellationToken cancellationToken)
    {
        var self = _identity.Current.Did;
        var validated = await _tokens.ValidateAsync(token, self, cancellationToken).ConfigureAwait(false);
        if (!validated.Succeeded)
        {
            return validated.Error;
        }

        var callerDid = validated.Value.Issuer;
        if (types.Count == 0)
        {
            return new VerifiedCaller { Did = callerDid };
        }

        if (_cache.Get(callerDid, types) is { } cached)
        {
            return cached;
        }

        if (validated.Value.AccessToken is not { } accessToken)
        {
            return new VerificationError(VerificationFailure.MalformedToken, "the token has no 'token' claim, which is needed to query the caller's Credential Service");
        }

        var resolved = await _resolver.ResolveAsync(callerDid, cancellationToken).ConfigureAwait(false);
        if (resolved.Document is not { } document)
        {
            return new VerificationError(VerificationFailure.UnknownDid, $"{callerDid} could not be resolved ({resolved.Error}): {resolved.Reason}");
        }

        if (_locator.Find(document) is not { } endpointUri)
        {
            return new VerificationError(VerificationFailure.NoCredentialService, $"the DID document of {callerDid} lists no CredentialService with an absolute URL");
        }

        var query = new PresentationQueryMessage { Scope = [.. types.Select(t => DcpScopes.ForType(t, _options.ScopeAlias))] };
        var bearer = _sts.CreateIdToken(callerDid, accessToken);
        var answer = await _credentialService.QueryAsync(endpointUri, bearer, query, cancellationToken).ConfigureAwait(false);
        if (answer.Response is not { } response)
        {
            return new VerificationError(VerificationFailure.CredentialServiceFailed, $"the Credential Service of {callerDid} did not answer: {answer.Reason}");
        }

        if (response.Presentation.Count > MaxPresentations)
        {
            return new VerificationError(VerificationFailure.CredentialServiceFailed, $"the Credential Service of {callerDid} returned {response.Presentation.Count} presentations; at most {MaxPresentations} are verified");
        }

        var credentials = new List<VerifiedCredential>();
        foreach (var presentation in response.Presentation)
        {
            var verified = await _credentials.VerifyPresentationAsync(presentation, callerDid, self, cancellationToken).ConfigureAwait(false);
            if (!verified.Succeeded)
            {
                return verified.Error;
            }

            credentials.AddRange(verified.Value);
        }

        var caller = new VerifiedCaller { Did = callerDid, Credentials = credentials };
        _cache.Set(caller, types);
        return caller;
    }
}
