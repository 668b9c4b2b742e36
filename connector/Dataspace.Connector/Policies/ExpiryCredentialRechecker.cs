using Dataspace.Sdk.Identity;

namespace Dataspace.Connector.Policies;

/// <summary>
/// The rechecker without an identity stack (static tokens): only a credential's own expiry can be checked again.
/// The DCP identity replaces it with one that verifies the credential in full, status lists included.
/// </summary>
internal sealed class ExpiryCredentialRechecker : ICredentialRechecker
{
    private readonly TimeProvider _time;

    public ExpiryCredentialRechecker(TimeProvider time) => _time = time;

    /// <inheritdoc/>
    public Task<string?> RecheckAsync(VerifiedCredential credential, string holderDid, CancellationToken cancellationToken) =>
        Task.FromResult(ConsumerCredentials.Expired(credential, _time.GetUtcNow()));
}
