using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Dataspace.Identity.Trust;

namespace Dataspace.Cli.Demo;

/// <summary>
/// A data space in this process, in a temporary folder: an authority and a provider and a consumer connector with
/// did:web identities on 127.0.0.1 that trust the authority and authenticate every DSP call with DCP.
/// </summary>
internal sealed class LocalDataspace : IAsyncDisposable
{
    /// <summary>The credential type the authority issues and the connectors ask each other for.</summary>
    public const string CredentialType = "MembershipCredential";

    private const string TrustAnchorsFile = "trust-anchors.json";
    private readonly string _root;
    private readonly string _secret;
    private LocalConnector? _provider;
    private LocalConnector? _consumer;
    private DemoPostgres? _postgres;

    private LocalDataspace(string root, string secret, LocalAuthority authority)
    {
        _root = root;
        _secret = secret;
        Authority = authority;
    }

    public LocalAuthority Authority { get; }

    public LocalConnector Provider => _provider ?? throw new InvalidOperationException("the provider has not started");

    public LocalConnector Consumer => _consumer ?? throw new InvalidOperationException("the consumer has not started");

    public string ProviderDid { get; private set; } = "";

    public string ConsumerDid { get; private set; } = "";

    /// <summary>The did:web DID of a participant served on 127.0.0.1 at <paramref name="port"/> (the colon before the port is written %3A).</summary>
    public static string DidFor(int port) => "did:web:127.0.0.1%3A" + port.ToString(CultureInfo.InvariantCulture);

    public static string Url(int port) => "http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);

    /// <summary>Creates the temporary folder and starts the authority; <see cref="StartConnectorsAsync"/> then starts the connectors that trust it.</summary>
    public static async Task<LocalDataspace> StartAuthorityAsync(CancellationToken cancellationToken)
    {
        var root = Directory.CreateTempSubdirectory("dataspace-demo-").FullName;
        // The keys of this run's participants are encrypted with a secret nobody else knows; it dies with the run.
        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        try
        {
            var authority = await LocalAuthority.StartAsync(Path.Combine(root, "authority"), FreePorts(1)[0], secret, cancellationToken).ConfigureAwait(false);
            return new LocalDataspace(root, secret, authority);
        }
        catch
        {
            Delete(root);
            throw;
        }
    }

    /// <summary>
    /// Starts the provider and the consumer, each with its own keys and a trust-anchor file naming the authority; with
    /// <paramref name="postgres"/> they keep their state there (a schema each, dropped by <see cref="DisposeAsync"/>).
    /// </summary>
    public async Task StartConnectorsAsync(string? pluginsDirectory, DemoPostgres? postgres, CancellationToken cancellationToken)
    {
        _postgres = postgres;
        // did:web names the port, so each connector's port is chosen before it starts.
        var ports = FreePorts(2);
        var anchors = new TrustAnchorSet([new TrustAnchor { Did = Authority.Did, CredentialTypes = [CredentialType] }]);
        _provider = await StartConnectorAsync(Path.Combine(_root, "provider"), ports[0], anchors, pluginsDirectory, postgres?.Settings(postgres.ProviderSchema), cancellationToken).ConfigureAwait(false);
        ProviderDid = DidFor(ports[0]);
        _consumer = await StartConnectorAsync(Path.Combine(_root, "consumer"), ports[1], anchors, pluginsDirectory, postgres?.Settings(postgres.ConsumerSchema), cancellationToken).ConfigureAwait(false);
        ConsumerDid = DidFor(ports[1]);
    }

    /// <summary>What cleaning up could not do (the demo is over, so it is reported rather than thrown), or null.</summary>
    public string? CleanupProblem { get; private set; }

    /// <summary>Stops whatever was started, drops the PostgreSQL schemas (if any) and deletes the temporary folder.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_consumer is not null)
        {
            await _consumer.DisposeAsync().ConfigureAwait(false);
        }

        if (_provider is not null)
        {
            await _provider.DisposeAsync().ConfigureAwait(false);
        }

        await Authority.DisposeAsync().ConfigureAwait(false);
        if (_postgres is not null)
        {
            CleanupProblem = await _postgres.DropAsync().ConfigureAwait(false);
        }

        Delete(_root);
    }

    private async Task<LocalConnector> StartConnectorAsync(string data, int port, TrustAnchorSet anchors, string? pluginsDirectory, IEnumerable<KeyValuePair<string, string?>>? storage, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(data);
        await TrustAnchorFile.SaveAsync(Path.Combine(data, TrustAnchorsFile), anchors, cancellationToken).ConfigureAwait(false);
        var settings = new Dictionary<string, string?>
        {
            ["Connector:Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["Connector:Identity:KeyStoreSecret"] = _secret,
            ["Connector:Identity:Did"] = DidFor(port),
            ["Connector:Identity:PublicUrl"] = Url(port),
            ["Connector:Identity:TrustAnchorsFile"] = TrustAnchorsFile,
            ["Connector:Identity:AllowHttpForLoopback"] = "true",
            // The whole demo data space runs on 127.0.0.1: the egress policy's development mode, on explicitly.
            ["Connector:Egress:AllowPrivateNetworks"] = "true",
            // The demo shows a refused anonymous request itself; the refusal's warning would only repeat it.
            ["Logging:LogLevel:Dataspace.Connector.Identity.Dsp.DcpDspAuthenticator"] = "Error",
        };
        if (pluginsDirectory is not null)
        {
            settings["Connector:PluginsDirectory"] = pluginsDirectory;
        }

        foreach (var (key, value) in storage ?? [])
        {
            settings[key] = value;
        }

        return await LocalConnector.StartAsync(data, settings, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Distinct free loopback ports, all held open until every one is chosen.</summary>
    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(l => l.Dispose());
        }
    }

    private static void Delete(string root)
    {
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // A plugin assembly may still be mapped by its load context; the OS cleans temp folders.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
