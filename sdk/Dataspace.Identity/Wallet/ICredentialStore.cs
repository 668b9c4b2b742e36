namespace Dataspace.Identity.Wallet;

/// <summary>Where a participant keeps the credentials it holds.</summary>
/// <remarks>Called concurrently.</remarks>
public interface ICredentialStore
{
    /// <summary>Adds or replaces the credential with the same id.</summary>
    Task SaveAsync(StoredCredential credential, CancellationToken cancellationToken);

    /// <summary>Every held credential.</summary>
    Task<IReadOnlyList<StoredCredential>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Removes the credential; false if there was none with the id.</summary>
    Task<bool> RemoveAsync(string id, CancellationToken cancellationToken);
}
