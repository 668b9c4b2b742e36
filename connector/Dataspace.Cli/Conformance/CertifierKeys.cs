using System.Security.Cryptography;
using Dataspace.Connector.Identity;
using Dataspace.Identity.Dcp;
using Dataspace.Identity.Jose;
using Dataspace.Identity.Keys;

namespace Dataspace.Cli.Conformance;

/// <summary>The certifier's identity from a key store made by <c>dataspace keys new</c>.</summary>
internal static class CertifierKeys
{
    /// <summary>Opens the store in <paramref name="folder"/> (a data folder with <c>keys/</c>, or the keys folder itself); the caller disposes the signer's key.</summary>
    public static async Task<LocalIdentity> LoadAsync(DirectoryInfo folder, string? didWeb, FileInfo? secretFile, CancellationToken cancellationToken)
    {
        if (!folder.Exists)
        {
            throw new CliException($"--certifier-keys {folder.FullName} does not exist", ConformanceCommand.UsageError);
        }

        if (didWeb is not null && !didWeb.StartsWith("did:web:", StringComparison.Ordinal))
        {
            throw new CliException($"--certifier-did '{didWeb}' is not a did:web DID", ConformanceCommand.UsageError);
        }

        var keysFolder = Directory.Exists(Path.Combine(folder.FullName, "keys")) ? Path.Combine(folder.FullName, "keys") : folder.FullName;
        using var keys = new KeyStore(keysFolder, await SecretAsync(secretFile, cancellationToken).ConfigureAwait(false), TimeProvider.System);
        try
        {
            // Never create a key here: a certificate signed by a fresh, unpublished key could not be traced to the certifier.
            if (await keys.GetActiveAsync(cancellationToken).ConfigureAwait(false) is null)
            {
                throw new CliException($"--certifier-keys {folder.FullName} holds no key; create one with 'dataspace keys new --data-dir {folder.FullName}'", ConformanceCommand.UsageError);
            }

            return await LocalIdentities.LoadAsync(keys, didWeb, [], JwsAlgorithms.ES256, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is CryptographicException or InvalidDataException)
        {
            throw new CliException($"--certifier-keys {keysFolder}: {e.Message}", ConformanceCommand.UsageError);
        }
    }

    private static async Task<string> SecretAsync(FileInfo? secretFile, CancellationToken cancellationToken)
    {
        string? secret;
        if (secretFile is not null)
        {
            if (!secretFile.Exists)
            {
                throw new CliException($"--secret-file {secretFile.FullName} does not exist", ConformanceCommand.UsageError);
            }

            secret = (await File.ReadAllTextAsync(secretFile.FullName, cancellationToken).ConfigureAwait(false)).Trim();
        }
        else
        {
            secret = Environment.GetEnvironmentVariable(ConnectorIdentityOptions.SecretVariable);
        }

        return secret is { Length: >= 16 }
            ? secret
            : throw new CliException($"the certifier's key-store secret is missing or shorter than 16 characters: set {ConnectorIdentityOptions.SecretVariable} or give --secret-file", ConformanceCommand.UsageError);
    }
}
