using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Dataspace.Identity.Dids;
using Dataspace.Sdk.Storage;
using Microsoft.Extensions.Configuration;

namespace Dataspace.Connector.Identity;

/// <summary>
/// Gives a fresh connector an identity from its first start, without any identity setting: a key-store secret generated
/// into the data folder (beside the management API key, mode 0600), and a did:web DID on its own public address when
/// that address is known (else did:key).
/// </summary>
/// <remarks>
/// Applies only when nothing chose another way of authenticating peers: no key-store secret (then the operator's
/// identity settings are used as they are), no static DSP tokens, no TCK mode, no non-DID participant id, and
/// <c>Connector:Identity:Method</c> is not <c>none</c>.
/// </remarks>
public static class ConnectorIdentityDefaults
{
    /// <summary>The file in the data folder that keeps a generated key-store secret.</summary>
    public const string SecretFileName = "keystore-secret";

    /// <summary>Whether a fresh identity is made for this configuration (see the remarks of the class).</summary>
    public static bool Applies(IConfiguration configuration, string? environmentSecret)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (ConnectorIdentitySetup.IsConfigured(configuration, environmentSecret))
        {
            return false;
        }

        var method = configuration[ConnectorIdentityOptions.Section + ":" + nameof(ConnectorIdentityOptions.Method)];
        var participant = configuration["Connector:ParticipantId"];
        return !string.Equals(method, ConnectorIdentityOptions.MethodNone, StringComparison.OrdinalIgnoreCase)
            && !configuration.GetSection("Connector:Dsp:StaticTokens").GetChildren().Any()
            && string.IsNullOrEmpty(configuration["Connector:Tck:SeedFile"])
            && (string.IsNullOrEmpty(participant) || participant.StartsWith("did:", StringComparison.Ordinal));
    }

    /// <summary>
    /// The settings to add for a fresh identity: <c>KeyStoreSecret</c> (read from, or generated into,
    /// <c>{data}/keystore-secret</c>) and, for did:web, <c>Did</c>, <c>PublicUrl</c> and, on a loopback address,
    /// <c>AllowHttpForLoopback</c>.
    /// </summary>
    /// <exception cref="IdentityConfigurationException">did:web was asked for and the public address is not known, or the secret file is unusable.</exception>
    public static Dictionary<string, string?> Create(IConfiguration configuration, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        const string section = ConnectorIdentityOptions.Section + ":";
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            [section + nameof(ConnectorIdentityOptions.KeyStoreSecret)] = LoadOrCreateSecret(dataDirectory),
        };
        var method = configuration[section + nameof(ConnectorIdentityOptions.Method)];
        if (string.Equals(method, ConnectorIdentityOptions.MethodKey, StringComparison.OrdinalIgnoreCase)
            || !string.IsNullOrEmpty(configuration[section + nameof(ConnectorIdentityOptions.Did)]))
        {
            return settings;
        }

        var publicUrl = PublicUrl(configuration, out var why);
        if (publicUrl is null)
        {
            if (string.Equals(method, ConnectorIdentityOptions.MethodWeb, StringComparison.OrdinalIgnoreCase))
            {
                throw new IdentityConfigurationException($"{section}Method is 'web' but the connector's public address is not known ({why}); set {section}PublicUrl");
            }

            return settings;
        }

        settings[section + nameof(ConnectorIdentityOptions.Did)] = DidWeb.FromUrl(publicUrl);
        settings[section + nameof(ConnectorIdentityOptions.PublicUrl)] = publicUrl.AbsoluteUri;
        if (publicUrl.Scheme == Uri.UriSchemeHttp && DidWeb.IsLoopback(publicUrl) && string.IsNullOrEmpty(configuration[section + nameof(ConnectorIdentityOptions.AllowHttpForLoopback)]))
        {
            // A did:web on 127.0.0.1 has no certificate; its peers on the same machine (and this connector for them) read
            // DID documents over plain HTTP. Only loopback hosts are affected, never a remote one.
            settings[section + nameof(ConnectorIdentityOptions.AllowHttpForLoopback)] = "true";
        }

        if (DidWeb.IsLoopback(publicUrl))
        {
            // A connector whose own address is loopback can only have peers on this machine: its data space is local,
            // so its egress policy lets it reach them (and their authority) there. A list entry beside the operator's.
            settings["Connector:Egress:AllowedNetworks:loopback-identity"] = "127.0.0.0/8";
        }

        return settings;
    }

    // The configured public URL, else http://{bind address}:{port} when both are concrete (--port 0 is known only after binding).
    private static Uri? PublicUrl(IConfiguration configuration, out string why)
    {
        why = string.Empty;
        if (configuration[ConnectorIdentityOptions.Section + ":" + nameof(ConnectorIdentityOptions.PublicUrl)] is { Length: > 0 } configured)
        {
            return Uri.TryCreate(configured, UriKind.Absolute, out var url) ? new Uri(url.GetLeftPart(UriPartial.Authority)) : null;
        }

        var portText = configuration["Connector:Port"] ?? "8181";
        var bind = configuration["Connector:BindAddress"] ?? "127.0.0.1";
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port == 0)
        {
            why = "the port is chosen when the connector starts (--port 0)";
            return null;
        }

        if (string.Equals(bind, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            bind = "127.0.0.1";
        }

        if (!IPAddress.TryParse(bind, out var ip) || ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any))
        {
            why = $"the connector listens on '{bind}', not on one address peers can use";
            return null;
        }

        var host = ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{ip}]" : ip.ToString();
        return new Uri($"http://{host}:{port.ToString(CultureInfo.InvariantCulture)}");
    }

    private static string LoadOrCreateSecret(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, SecretFileName);
        try
        {
            if (File.Exists(path))
            {
                var stored = File.ReadAllText(path).Trim();
                return stored.Length >= 16
                    ? stored
                    : throw new IdentityConfigurationException($"the key-store secret in {path} is shorter than 16 characters; it must be the one the keys were encrypted with");
            }

            var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            // CreateNew: two starts racing on one folder must not each encrypt keys with their own secret.
            using (var stream = PrivateFiles.OpenWrite(path, FileMode.CreateNew))
            using (var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
            {
                writer.Write(secret);
            }

            return secret;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IdentityConfigurationException($"key-store secret {path}: {e.Message}", e);
        }
    }
}
