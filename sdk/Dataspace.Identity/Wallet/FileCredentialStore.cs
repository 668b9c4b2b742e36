using System.Security.Cryptography;
using System.Text;
using Dataspace.Sdk.Storage;

namespace Dataspace.Identity.Wallet;

/// <summary>A credential store that keeps each credential as a <c>.jwt</c> file in a folder of the data directory.</summary>
public sealed class FileCredentialStore : ICredentialStore
{
    private readonly string _folder;

    /// <summary>Creates the store over the folder (created when missing).</summary>
    public FileCredentialStore(string folder)
    {
        _folder = folder;
        PrivateFiles.CreateFolder(folder);
    }

    /// <inheritdoc/>
    public async Task SaveAsync(StoredCredential credential, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var path = PathOf(credential.Id);
        var temp = path + ".tmp";
        await PrivateFiles.WriteAllTextAsync(temp, credential.Jwt, cancellationToken).ConfigureAwait(false);
        File.Move(temp, path, overwrite: true);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<StoredCredential>> ListAsync(CancellationToken cancellationToken)
    {
        var list = new List<StoredCredential>();
        foreach (var file in Directory.EnumerateFiles(_folder, "*.jwt"))
        {
            var jwt = await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false);
            if (StoredCredential.TryCreate(jwt, out var stored, out _))
            {
                list.Add(stored);
            }
        }

        return [.. list.OrderBy(c => c.Id, StringComparer.Ordinal)];
    }

    /// <inheritdoc/>
    public Task<bool> RemoveAsync(string id, CancellationToken cancellationToken)
    {
        var path = PathOf(id);
        if (!File.Exists(path))
        {
            return Task.FromResult(false);
        }

        File.Delete(path);
        return Task.FromResult(true);
    }

    // Ids are URNs or URLs; a hash makes a safe, fixed-length file name.
    private string PathOf(string id) => Path.Combine(_folder, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id))) + ".jwt");
}
