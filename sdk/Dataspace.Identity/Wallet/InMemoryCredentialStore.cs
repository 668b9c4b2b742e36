using System.Collections.Concurrent;

namespace Dataspace.Identity.Wallet;

/// <summary>A credential store that lives as long as the process (tests, ephemeral connectors).</summary>
public sealed class InMemoryCredentialStore : ICredentialStore
{
    private readonly ConcurrentDictionary<string, StoredCredential> _credentials = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public Task SaveAsync(StoredCredential credential, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credential);
        _credentials[credential.Id] = credential;
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<StoredCredential>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<StoredCredential>>([.. _credentials.Values.OrderBy(c => c.Id, StringComparer.Ordinal)]);

    /// <inheritdoc/>
    public Task<bool> RemoveAsync(string id, CancellationToken cancellationToken) => Task.FromResult(_credentials.TryRemove(id, out _));
}
