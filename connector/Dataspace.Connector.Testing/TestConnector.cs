using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dataspace.Connector.Client;
using Dataspace.Connector.Host.Loopback;
using Dataspace.Connector.Management;
using Microsoft.AspNetCore.Builder;

namespace Dataspace.Connector.Testing;

/// <summary>
/// A real connector (the host's own start-up, real Kestrel) on 127.0.0.1 with a free port and its own data folder,
/// with an HTTP client and a management client for it.
/// </summary>
public sealed class TestConnector : IAsyncDisposable
{
    /// <summary>The management API's base path.</summary>
    public const string ManagementPath = "/api/management/v1";

    private readonly LoopbackConnector _connector;

    private TestConnector(LoopbackConnector connector, StringWriter output)
    {
        _connector = connector;
        Output = output;
        Http = new HttpClient { BaseAddress = new Uri(connector.BaseAddress) };
        Client = new ManagementClient(Http, connector.ApiKey);
    }

    /// <summary>The running application (its services, its configuration).</summary>
    public WebApplication App => _connector.App;

    /// <summary>What the connector wrote to its console at start-up (the banner, skipped plugins).</summary>
    public StringWriter Output { get; }

    /// <summary>The root URL without a trailing slash, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string BaseAddress => _connector.BaseAddress;

    /// <summary>The DSP endpoint other connectors call.</summary>
    public string Dsp => _connector.Dsp;

    /// <summary>The connector's data folder.</summary>
    public string DataDirectory => _connector.DataDirectory;

    /// <summary>Where the bundled file-system storage plugin serves files from.</summary>
    public string Files => _connector.Files;

    /// <summary>The management API key.</summary>
    public string ApiKey => _connector.ApiKey;

    /// <summary>A client with the connector's base address and no credentials.</summary>
    public HttpClient Http { get; }

    /// <summary>The typed management client, with the connector's API key.</summary>
    public ManagementClient Client { get; }

    /// <summary>
    /// Starts a connector. <see cref="LoopbackConnectorOptions.Output"/> is replaced: the output is captured in
    /// <see cref="Output"/>.
    /// </summary>
    /// <exception cref="Host.ConnectorStartupException">A setting, the data folder or a plugin is wrong.</exception>
    public static async Task<TestConnector> StartAsync(LoopbackConnectorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var output = new StringWriter();
        var connector = await LoopbackConnector.StartAsync(options with { Output = output }, cancellationToken).ConfigureAwait(false);
        return new TestConnector(connector, output);
    }

    /// <summary>Starts a connector in <paramref name="dataDirectory"/> with <paramref name="settings"/> over the loopback defaults.</summary>
    /// <param name="dataDirectory">The data folder (created if missing).</param>
    /// <param name="pluginsDirectory">The plugins folder; null for the one beside the test assembly.</param>
    /// <param name="settings">Settings by configuration key, e.g. <c>Connector:ParticipantId</c>.</param>
    /// <param name="configFile">A JSON configuration file read before the settings.</param>
    /// <param name="configure">Applied to the application before it starts (e.g. a middleware).</param>
    public static Task<TestConnector> StartAsync(string dataDirectory, string? pluginsDirectory = null, IDictionary<string, string?>? settings = null, string? configFile = null, Action<WebApplication>? configure = null) =>
        StartAsync(new LoopbackConnectorOptions
        {
            DataDirectory = dataDirectory,
            PluginsDirectory = pluginsDirectory,
            Settings = settings is null ? new Dictionary<string, string?>() : new Dictionary<string, string?>(settings),
            ConfigFile = configFile,
            Configure = configure,
        });

    /// <summary>A management API request for <paramref name="path"/> (below <see cref="ManagementPath"/>) of this connector, with <paramref name="apiKey"/> unless null.</summary>
    public HttpRequestMessage Management(HttpMethod method, string path, string? apiKey)
    {
        // Absolute, so the request can be sent with any client, not only Http.
        var request = new HttpRequestMessage(method, new Uri(BaseAddress + ManagementPath + path));
        if (apiKey is not null)
        {
            request.Headers.Add(ManagementApiKey.HeaderName, apiKey);
        }

        return request;
    }

    /// <summary>Sends a management API request with the connector's key and returns the JSON answer (an empty object for none).</summary>
    /// <exception cref="HttpRequestException">The connector answered with an error status; the message has its body.</exception>
    public Task<JsonNode> ManagementAsync(HttpMethod method, string path, object? body = null, CancellationToken cancellationToken = default) =>
        ManagementAsync(ApiKey, method, path, body, cancellationToken);

    /// <summary>Sends a management API request with <paramref name="apiKey"/> and returns the JSON answer (an empty object for none).</summary>
    /// <exception cref="HttpRequestException">The connector answered with an error status; the message has its body.</exception>
    public async Task<JsonNode> ManagementAsync(string? apiKey, HttpMethod method, string path, object? body = null, CancellationToken cancellationToken = default)
    {
        using var request = Management(method, path, apiKey);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await Http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{method} {path} answered {(int)response.StatusCode}: {text}", null, response.StatusCode);
        }

        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }

    /// <summary>Polls a negotiation or transfer at <paramref name="path"/> until its <c>state</c> is one of <paramref name="states"/>.</summary>
    /// <exception cref="TimeoutException">It did not get there within <paramref name="timeout"/> (default 20 s); the message shows the last answer.</exception>
    public Task<JsonNode> WaitForStateAsync(string path, IReadOnlyCollection<string> states, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(states);
        return Eventually.ValueAsync(
            () => ManagementAsync(HttpMethod.Get, path, null, cancellationToken),
            node => node["state"]?.GetValue<string>() is { } state && states.Contains(state),
            timeout ?? TimeSpan.FromSeconds(20),
            $"{path} reaching {string.Join("/", states)}",
            cancellationToken);
    }

    /// <summary>Stops the connector and releases its port.</summary>
    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _connector.DisposeAsync().ConfigureAwait(false);
        await Output.DisposeAsync().ConfigureAwait(false);
    }
}
