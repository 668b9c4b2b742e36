using System.Security.Cryptography;
using Dataspace.Connector.Hosting;
using Dataspace.Identity.Dcp;
using Dataspace.Identity.Keys;
using Microsoft.Extensions.Configuration;

namespace Dataspace.Connector.Identity;

/// <summary>What the host needs to know about the identity before it builds its services: whether there is one, and its DID.</summary>
public static class ConnectorIdentitySetup
{
    /// <summary>Whether the configuration gives the connector a DCP identity: a key-store secret in <c>Connector:Identity</c> or <c>DATASPACE_KEYSTORE_SECRET</c>.</summary>
    public static bool IsConfigured(IConfiguration configuration) =>
        IsConfigured(configuration, Environment.GetEnvironmentVariable(ConnectorIdentityOptions.SecretVariable));

    internal static bool IsConfigured(IConfiguration configuration, string? environmentSecret)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !string.IsNullOrEmpty(configuration[ConnectorIdentityOptions.Section + ":" + nameof(ConnectorIdentityOptions.KeyStoreSecret)])
            || !string.IsNullOrEmpty(environmentSecret);
    }

    /// <summary>
    /// Validates the identity settings, opens the key store (creating the first key when it is empty), proves the secret
    /// decrypts the active key, and returns the connector's DID (the configured did:web, or the did:key of the key).
    /// </summary>
    /// <exception cref="IdentityConfigurationException">A setting is wrong, the trust-anchor file is missing or the secret does not decrypt the key.</exception>
    public static async Task<string> PrepareAsync(IConfiguration configuration, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new ConnectorIdentityOptions();
        configuration.GetSection(ConnectorIdentityOptions.Section).Bind(options);
        if (SettingsValidation.Validate(options, ConnectorIdentityOptions.Section) is { Count: > 0 } errors)
        {
            throw new IdentityConfigurationException("configuration: " + string.Join("; ", errors));
        }

        var data = Path.GetFullPath(configuration["Connector:DataDirectory"] ?? "data");
        if (!string.IsNullOrEmpty(options.TrustAnchorsFile) && !File.Exists(Path.Combine(data, options.TrustAnchorsFile)))
        {
            throw new IdentityConfigurationException($"{ConnectorIdentityOptions.Section}:TrustAnchorsFile {Path.Combine(data, options.TrustAnchorsFile)} does not exist (create it with 'dataspace authority init' or copy the data space's file)");
        }

        var keysDirectory = Path.Combine(data, options.KeysDirectory);
        try
        {
            using var keys = new KeyStore(keysDirectory, options.ResolveSecret()!, time);
            var did = string.IsNullOrEmpty(options.Did) ? null : options.Did;
            var identity = await LocalIdentities.LoadAsync(keys, did, [], options.KeyAlgorithm, time, cancellationToken).ConfigureAwait(false);
            identity.Signer.Key.Dispose();
            return identity.Did;
        }
        catch (CryptographicException e)
        {
            throw new IdentityConfigurationException($"key store {keysDirectory}: {e.Message} Check {ConnectorIdentityOptions.Section}:KeyStoreSecret or {ConnectorIdentityOptions.SecretVariable}.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new IdentityConfigurationException($"key store {keysDirectory}: {e.Message}", e);
        }
    }
}
