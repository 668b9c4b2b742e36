using System.Text.Json;
using System.Text.Json.Nodes;
using Dataspace.Connector.Metering;
using Dataspace.Identity.Credentials;
using Dataspace.Identity.Dcp;
using Dataspace.Identity.Dids;
using Dataspace.Identity.Jose;

namespace Dataspace.Connector.Identity.Metering;

/// <summary>
/// Signs usage summaries with the connector's DID key (the key it authenticates DSP calls with) and verifies a
/// counter-party's against the keys its DID document lists for authentication.
/// </summary>
internal sealed class DidUsageSummarySigner : IUsageSummarySigner
{
    private readonly ILocalIdentityProvider _identity;
    private readonly DidJwsVerifier _verifier;
    private readonly TimeProvider _time;

    public DidUsageSummarySigner(ILocalIdentityProvider identity, DidJwsVerifier verifier, TimeProvider time)
    {
        _identity = identity;
        _verifier = verifier;
        _time = time;
    }

    /// <inheritdoc/>
    public Task<string> SignAsync(JsonObject claims, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var signer = _identity.Current.Signer;
        var payload = (JsonObject)claims.DeepClone();
        payload["iss"] = signer.Did;
        payload["iat"] = _time.GetUtcNow().ToUnixTimeSeconds();
        return Task.FromResult(signer.Sign(payload, UsageSummaryClaims.JwsType));
    }

    /// <inheritdoc/>
    public async Task<(JsonElement? Claims, string? Refusal)> VerifyAsync(string jws, string signerDid, CancellationToken cancellationToken)
    {
        if (!CompactJws.TryParse(jws, out var parsed, out var malformed))
        {
            return (null, malformed);
        }

        if (parsed.Type != UsageSummaryClaims.JwsType)
        {
            return (null, $"the JWS typ is '{parsed.Type}'; expected '{UsageSummaryClaims.JwsType}'");
        }

        var verified = await _verifier.VerifyAsync(parsed, signerDid, VerificationRelationship.Authentication, cancellationToken).ConfigureAwait(false);
        return verified.Succeeded ? (parsed.Payload, null) : (null, verified.Reason);
    }
}
