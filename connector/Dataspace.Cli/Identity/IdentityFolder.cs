using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Dataspace.Connector.Identity;
using Dataspace.Identity;
using Dataspace.Identity.Dcp;
using Dataspace.Identity.Dids;
using Dataspace.Identity.Keys;
using Dataspace.Identity.Trust;
using Dataspace.Identity.Wallet;
using Microsoft.Extensions.DependencyInjection;
using Dataspace.Sdk.Egress;
using Dataspace.Sdk.Storage;

namespace Dataspace.Cli.Identity;

/// <summary>The identity parts of a data folder (<c>keys/</c>, <c>credentials/</c>, <c>authority/</c>) and the options that locate them.</summary>
internal sealed class IdentityFolder
{
    private readonly Option<DirectoryInfo> _dataDir = new("--data-dir") { Description = "The data folder (default: ./data)" };
    private readonly Option<FileInfo> _secretFile = new("--secret-file") { Description = $"A file holding the key-store secret (default: the {ConnectorIdentityOptions.SecretVariable} environment variable)" };

    public void AddTo(Command command)
    {
        command.Options.Add(_dataDir);
        command.Options.Add(_secretFile);
    }

    public string Data(ParseResult result) => result.GetValue(_dataDir)?.FullName ?? Path.GetFullPath("data");

    public string Keys(ParseResult result) => Path.Combine(Data(result), "keys");

    public string Credentials(ParseResult result) => Path.Combine(Data(result), "credentials");

    public string Authority(ParseResult result) => Path.Combine(Data(result), "authority");

    public string TrustAnchors(ParseResult result) => Path.Combine(Data(result), "trust-anchors.json");

    /// <summary>Opens the key store with the secret from --secret-file or the environment.</summary>
    public KeyStore OpenKeyStore(ParseResult result)
    {
        string? secret;
        if (result.GetValue(_secretFile) is { } file)
        {
            if (!file.Exists)
            {
                throw new CliException($"secret file {file.FullName} does not exist");
            }

            secret = File.ReadAllText(file.FullName).Trim();
        }
        else
        {
            secret = Environment.GetEnvironmentVariable(ConnectorIdentityOptions.SecretVariable);
        }

        if (secret is not { Length: >= 16 })
        {
            throw new CliException($"the key-store secret is missing or shorter than 16 characters: set {ConnectorIdentityOptions.SecretVariable} or give --secret-file");
        }

        // The data folder holds keys, credentials and the authority's records: owner-only, whatever the umask.
        PrivateFiles.CreateFolder(Data(result));
        return new KeyStore(Keys(result), secret, TimeProvider.System);
    }

    /// <summary>The identity of the folder's active key: the did:web DID when given, else its did:key.</summary>
    public async Task<LocalIdentity> LoadIdentityAsync(ParseResult result, string? didWeb, Uri? publicUrl, string algorithm, CancellationToken cancellationToken)
    {
        if (didWeb is not null && !didWeb.StartsWith("did:web:", StringComparison.Ordinal))
        {
            throw new CliException($"'{didWeb}' is not a did:web DID");
        }

        using var keys = OpenKeyStore(result);
        var services = didWeb is null || publicUrl is null ? [] : LocalIdentities.Services(didWeb, new Uri(publicUrl, "/api/identity"), new Uri(publicUrl, "/api/dsp"));
        try
        {
            return await LocalIdentities.LoadAsync(keys, didWeb, services, algorithm, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }
        catch (CryptographicException e)
        {
            throw new CliException($"key store {Keys(result)}: {e.Message}");
        }
    }

    /// <summary>Identity services (resolution, verification, wallet) for a folder's identity; the caller disposes the provider.</summary>
    /// <param name="egress">When given, every HTTP request of these services goes through this egress policy.</param>
    public async Task<ServiceProvider> ServicesAsync(ParseResult result, LocalIdentity identity, bool allowHttpForLoopback, CancellationToken cancellationToken, EgressOptions? egress = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<ILocalIdentityProvider>(new StaticLocalIdentityProvider(identity));
        var anchors = File.Exists(TrustAnchors(result)) ? await TrustAnchorFile.LoadAsync(TrustAnchors(result), cancellationToken).ConfigureAwait(false) : TrustAnchorSet.Empty;
        services.AddSingleton<ITrustAnchorProvider>(new StaticTrustAnchorProvider(anchors));
        services.AddSingleton<ICredentialStore>(new FileCredentialStore(Credentials(result)));
        // DID documents, status lists and a holder's answer to a delivery are small: a remote party cannot make us buffer more.
        services.AddSingleton(new HttpClient(egress is null ? new SocketsHttpHandler() : new EgressPolicy(egress).CreateHandler())
        {
            Timeout = TimeSpan.FromSeconds(15),
            MaxResponseContentBufferSize = 4 * 1024 * 1024,
        });
        services.AddDataspaceIdentity(new IdentityOptions(), new DidWebOptions { AllowHttpForLoopback = allowHttpForLoopback }, sp => sp.GetRequiredService<HttpClient>());
        return services.BuildServiceProvider();
    }

    /// <summary>An absolute http(s) URL option, or null when not given.</summary>
    public static Uri? ParseUrl(string? value, string option)
    {
        if (value is null)
        {
            return null;
        }

        return Uri.TryCreate(value, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? url
            : throw new CliException($"{option} '{value}' is not an absolute http or https URL");
    }

    public static JsonObject AuthorityJson(string did, Uri publicUrl) => new() { ["did"] = did, ["publicUrl"] = publicUrl.AbsoluteUri };
}
