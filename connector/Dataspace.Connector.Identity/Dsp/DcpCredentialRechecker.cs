using Dataspace.Identity.Credentials;
using Dataspace.Sdk.Identity;

namespace Dataspace.Connector.Identity.Dsp;

/// <summary>
/// Verifies a credential again in full, as when it was presented: signature, trust anchor and its scope, validity
/// window, holder and status lists (revocation, suspension).
/// </summary>
internal sealed class DcpCredentialRechecker : ICredentialRechecker
{
    private readonly CredentialVerifier _verifier;
    private readonly TimeProvider _time;

    public DcpCredentialRechecker(CredentialVerifier verifier, TimeProvider time)
    {
        _verifier = verifier;
        _time = time;
    }

    /// <inheritdoc/>
    public async Task<string?> RecheckAsync(VerifiedCredential credential, string holderDid, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credential);
        if (credential.Jwt is null)
        {
            // Verified before credentials were kept (an older negotiation): only its expiry can be checked again.
            return credential.ValidUntil is { } until && until < _time.GetUtcNow() ? $"credential {credential.Id} expired at {until:O}" : null;
        }

        var result = await _verifier.VerifyCredentialAsync(credential.Jwt, holderDid, cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? null : $"{result.Failure}: {result.Reason}";
    }
}
