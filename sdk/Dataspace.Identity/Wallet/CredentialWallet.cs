using Dataspace.Identity.Credentials;
using Dataspace.Identity.Dcp;

namespace Dataspace.Identity.Wallet;

/// <summary>This participant's credential wallet: import, list with state (expired, revoked, ...), and remove.</summary>
public sealed class CredentialWallet
{
    private readonly ICredentialStore _store;
    private readonly CredentialVerifier _verifier;
    private readonly ILocalIdentityProvider _identity;

    /// <summary>Creates the wallet.</summary>
    public CredentialWallet(ICredentialStore store, CredentialVerifier verifier, ILocalIdentityProvider identity)
    {
        _store = store;
        _verifier = verifier;
        _identity = identity;
    }

    /// <summary>Imports a credential JWT issued to this participant; refuses malformed credentials and credentials about another DID.</summary>
    public async Task<VerificationResult<StoredCredential>> ImportAsync(string jwt, CancellationToken cancellationToken)
    {
        if (!StoredCredential.TryCreate(jwt, out var stored, out var reason))
        {
            return new VerificationError(VerificationFailure.MalformedCredential, reason);
        }

        var self = _identity.Current.Did;
        if (stored.SubjectDid != self)
        {
            return new VerificationError(VerificationFailure.HolderMismatch, $"credential {stored.Id} is about {stored.SubjectDid}, not this participant ({self})");
        }

        await _store.SaveAsync(stored, cancellationToken).ConfigureAwait(false);
        return stored;
    }

    /// <summary>Every held credential with its state as checked now (signature, trust, validity and status).</summary>
    public async Task<IReadOnlyList<WalletEntry>> ListAsync(CancellationToken cancellationToken)
    {
        var entries = new List<WalletEntry>();
        foreach (var credential in await _store.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            var check = await _verifier.VerifyCredentialAsync(credential.Jwt, _identity.Current.Did, cancellationToken).ConfigureAwait(false);
            var state = check.Failure switch
            {
                null => WalletCredentialState.Valid,
                VerificationFailure.CredentialExpired => WalletCredentialState.Expired,
                VerificationFailure.CredentialNotYetValid => WalletCredentialState.NotYetValid,
                VerificationFailure.CredentialRevoked => WalletCredentialState.Revoked,
                VerificationFailure.CredentialSuspended => WalletCredentialState.Suspended,
                _ => WalletCredentialState.Invalid,
            };
            entries.Add(new WalletEntry(credential, state, check.Reason));
        }

        return entries;
    }

    /// <summary>The held credential with the id, or null.</summary>
    public async Task<StoredCredential?> GetAsync(string id, CancellationToken cancellationToken) =>
        (await _store.ListAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(c => c.Id == id);

    /// <summary>Removes a held credential; false if there was none with the id.</summary>
    public Task<bool> RemoveAsync(string id, CancellationToken cancellationToken) => _store.RemoveAsync(id, cancellationToken);
}
