using System.Text.Json.Nodes;
using Dataspace.Connector.Host.Loopback;
using Microsoft.AspNetCore.Builder;

namespace Dataspace.Connector.Testing;

/// <summary>A provider and a consumer connector on loopback, in one temporary folder, that know each other by static DSP tokens.</summary>
public sealed class ConnectorPair : IAsyncDisposable
{
    private readonly TempDirectory _temp;

    private ConnectorPair(TempDirectory temp, TestConnector provider, TestConnector consumer)
    {
        _temp = temp;
        Provider = provider;
        Consumer = consumer;
    }

    /// <summary>The provider, in the folder <c>provider</c>.</summary>
    public TestConnector Provider { get; }

    /// <summary>The consumer, in the folder <c>consumer</c>.</summary>
    public TestConnector Consumer { get; }

    /// <summary>The provider's management API key.</summary>
    public string ProviderKey => Provider.ApiKey;

    /// <summary>The consumer's management API key.</summary>
    public string ConsumerKey => Consumer.ApiKey;

    /// <summary>The provider's DSP endpoint.</summary>
    public string ProviderDsp => Provider.Dsp;

    /// <summary>The provider's data folder.</summary>
    public string ProviderData => Provider.DataDirectory;

    /// <summary>The consumer's data folder.</summary>
    public string ConsumerData => Consumer.DataDirectory;

    /// <summary>Where the provider's file-system storage plugin serves files from.</summary>
    public string ProviderFiles => Provider.Files;

    /// <summary>Starts a provider and then a consumer; on a failure nothing is left running.</summary>
    public static async Task<ConnectorPair> StartAsync(ConnectorPairOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ConnectorPairOptions();
        var temp = new TempDirectory();
        TestConnector? provider = null;
        try
        {
            provider = await TestConnector.StartAsync(Options(temp.Sub("provider"), options.ProviderId, options.ConsumerToken, options.ConsumerId, options.ProviderToken, options.ProviderSettings, options), cancellationToken).ConfigureAwait(false);
            var consumer = await TestConnector.StartAsync(Options(temp.Sub("consumer"), options.ConsumerId, options.ProviderToken, options.ProviderId, options.ConsumerToken, options.ConsumerSettings, options), cancellationToken).ConfigureAwait(false);
            return new ConnectorPair(temp, provider, consumer);
        }
        catch
        {
            if (provider is not null)
            {
                await provider.DisposeAsync().ConfigureAwait(false);
            }

            temp.Dispose();
            throw;
        }
    }

    /// <summary>Starts a pair with the default ids and tokens and extra settings for each side.</summary>
    /// <param name="providerSettings">Settings of the provider beyond the defaults.</param>
    /// <param name="consumerSettings">Settings of the consumer beyond the defaults.</param>
    /// <param name="configure">Applied to both applications before they start (e.g. a middleware that slows answers down).</param>
    public static Task<ConnectorPair> StartAsync(IDictionary<string, string?>? providerSettings, IDictionary<string, string?>? consumerSettings = null, Action<WebApplication>? configure = null) =>
        StartAsync(new ConnectorPairOptions
        {
            ProviderSettings = providerSettings is null ? new Dictionary<string, string?>() : new Dictionary<string, string?>(providerSettings),
            ConsumerSettings = consumerSettings is null ? new Dictionary<string, string?>() : new Dictionary<string, string?>(consumerSettings),
            Configure = configure,
        });

    /// <summary>An ODRL policy that permits use to anyone.</summary>
    public static JsonObject OpenPolicy() => new()
    {
        ["@context"] = "http://www.w3.org/ns/odrl.jsonld",
        ["@type"] = "Set",
        ["permission"] = new JsonArray(new JsonObject { ["action"] = "use" }),
    };

    /// <summary>An ODRL policy that permits use to callers whose <paramref name="credentialType"/> credential has <paramref name="claim"/> = <paramref name="value"/>.</summary>
    public static JsonObject ClaimPolicy(string credentialType, string claim, string value) => new()
    {
        ["@context"] = "http://www.w3.org/ns/odrl.jsonld",
        ["@type"] = "Set",
        ["permission"] = new JsonArray(new JsonObject
        {
            ["action"] = "use",
            ["constraint"] = new JsonArray(new JsonObject { ["leftOperand"] = $"claim:{credentialType}.{claim}", ["operator"] = "eq", ["rightOperand"] = value }),
        }),
    };

    /// <summary>
    /// Publishes <paramref name="content"/> as a file (<c>assetId + fileExtension</c>) of the provider's file-system
    /// plugin, as an asset with an offer under the two policies (<c>assetId-access</c>, <c>assetId-contract</c>);
    /// returns the offer id (<c>assetId-offer</c>).
    /// </summary>
    public async Task<string> PublishAsync(string assetId, byte[] content, JsonObject accessPolicy, JsonObject contractPolicy, string fileExtension = ".bin", CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(ProviderFiles);
        await File.WriteAllBytesAsync(Path.Combine(ProviderFiles, assetId + fileExtension), content, cancellationToken).ConfigureAwait(false);
        await ProviderPostAsync("/assets", new { id = assetId, properties = new { title = "Test data " + assetId }, dataAddress = new { type = "FileSystem", properties = new { path = assetId + fileExtension } } }).ConfigureAwait(false);
        await ProviderPostAsync("/policies", new { id = assetId + "-access", policy = accessPolicy }).ConfigureAwait(false);
        await ProviderPostAsync("/policies", new { id = assetId + "-contract", policy = contractPolicy }).ConfigureAwait(false);
        await ProviderPostAsync("/offers", new { id = assetId + "-offer", assetId, accessPolicyId = assetId + "-access", contractPolicyId = assetId + "-contract" }).ConfigureAwait(false);
        return assetId + "-offer";
    }

    /// <summary>POSTs to the provider's management API.</summary>
    public Task<JsonNode> ProviderPostAsync(string path, object body) => Provider.ManagementAsync(HttpMethod.Post, path, body);

    /// <summary>POSTs to the consumer's management API.</summary>
    public Task<JsonNode> ConsumerPostAsync(string path, object body) => Consumer.ManagementAsync(HttpMethod.Post, path, body);

    /// <summary>GETs from the provider's management API.</summary>
    public Task<JsonNode> ProviderGetAsync(string path) => Provider.ManagementAsync(HttpMethod.Get, path);

    /// <summary>GETs from the consumer's management API.</summary>
    public Task<JsonNode> ConsumerGetAsync(string path) => Consumer.ManagementAsync(HttpMethod.Get, path);

    /// <summary>Polls a negotiation or transfer at <paramref name="path"/> of <paramref name="connector"/> until its <c>state</c> is one of <paramref name="states"/> (20 s at most).</summary>
    /// <exception cref="TimeoutException">It did not get there; the message shows the last answer.</exception>
    public Task<JsonNode> WaitForStateAsync(TestConnector connector, string apiKey, string path, params string[] states)
    {
        if (connector != Provider && connector != Consumer)
        {
            throw new ArgumentException("the connector is not the provider or the consumer of this pair", nameof(connector));
        }

        return Eventually.ValueAsync(
            () => SendAsync(connector, apiKey, HttpMethod.Get, path, null),
            node => node["state"]?.GetValue<string>() is { } state && states.Contains(state),
            TimeSpan.FromSeconds(20),
            $"{path} reaching {string.Join("/", states)}");
    }

    /// <summary>Sends a management API request to <paramref name="connector"/> with <paramref name="apiKey"/>; see <see cref="TestConnector.ManagementAsync(string?, HttpMethod, string, object?, CancellationToken)"/>.</summary>
    public static Task<JsonNode> SendAsync(TestConnector connector, string? apiKey, HttpMethod method, string path, object? body)
    {
        ArgumentNullException.ThrowIfNull(connector);
        return connector.ManagementAsync(apiKey, method, path, body);
    }

    /// <summary>Stops both connectors and deletes their folder.</summary>
    public async ValueTask DisposeAsync()
    {
        await Consumer.DisposeAsync().ConfigureAwait(false);
        await Provider.DisposeAsync().ConfigureAwait(false);
        _temp.Dispose();
    }

    private static LoopbackConnectorOptions Options(string dataDirectory, string self, string inboundToken, string peer, string outboundToken, IReadOnlyDictionary<string, string?> extra, ConnectorPairOptions pair)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Connector:ParticipantId"] = self,
            [$"Connector:Dsp:StaticTokens:{inboundToken}"] = peer,
            ["Connector:Dsp:OutboundToken"] = outboundToken,
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return new LoopbackConnectorOptions { DataDirectory = dataDirectory, PluginsDirectory = pair.PluginsDirectory, Settings = settings, Configure = pair.Configure };
    }
}
