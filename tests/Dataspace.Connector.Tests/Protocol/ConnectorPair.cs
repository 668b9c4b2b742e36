using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Dataspace.Connector.Tests.Protocol;

/// <summary>A provider and a consumer connector on loopback that know each other by static DSP tokens.</summary>
internal sealed class ConnectorPair : IAsyncDisposable
{
    private readonly TempDirectory _temp;

    private ConnectorPair(TempDirectory temp, TestConnector provider, TestConnector consumer)
    {
        _temp = temp;
        Provider = provider;
        Consumer = consumer;
        ProviderKey = provider.ApiKey(temp.Sub("provider"));
        ConsumerKey = consumer.ApiKey(temp.Sub("consumer"));
    }

    public TestConnector Provider { get; }

    public TestConnector Consumer { get; }

    public string ProviderKey { get; }

    public string ConsumerKey { get; }

    public string ProviderDsp => Provider.BaseAddress + "/api/dsp";

    public string ProviderData => _temp.Sub("provider");

    public string ConsumerData => _temp.Sub("consumer");

    public string ProviderFiles => Path.Combine(_temp.Sub("provider"), "plugins", "dataspace.storage.filesystem", "files");

    /// <param name="providerSettings">Settings of the provider beyond the defaults.</param>
    /// <param name="consumerSettings">Settings of the consumer beyond the defaults.</param>
    /// <param name="configure">Applied to both hosts before they start (e.g. a middleware that slows answers down).</param>
    public static async Task<ConnectorPair> StartAsync(IDictionary<string, string?>? providerSettings = null, IDictionary<string, string?>? consumerSettings = null, Action<Microsoft.AspNetCore.Builder.WebApplication>? configure = null)
    {
        var temp = new TempDirectory();
        var settings = new Dictionary<string, string?>
        {
            ["Connector:ParticipantId"] = "did:web:provider.example",
            ["Connector:Dsp:StaticTokens:consumer-secret-token"] = "did:web:consumer.example",
            ["Connector:Dsp:OutboundToken"] = "provider-secret-token",
        };
        foreach (var (k, v) in providerSettings ?? new Dictionary<string, string?>())
        {
            settings[k] = v;
        }

        var provider = await TestConnector.StartAsync(temp.Sub("provider"), settings: settings, configure: configure);
        var ofConsumer = new Dictionary<string, string?>
        {
            ["Connector:ParticipantId"] = "did:web:consumer.example",
            ["Connector:Dsp:StaticTokens:provider-secret-token"] = "did:web:provider.example",
            ["Connector:Dsp:OutboundToken"] = "consumer-secret-token",
        };
        foreach (var (k, v) in consumerSettings ?? new Dictionary<string, string?>())
        {
            ofConsumer[k] = v;
        }

        var consumer = await TestConnector.StartAsync(temp.Sub("consumer"), settings: ofConsumer, configure: configure);
        return new ConnectorPair(temp, provider, consumer);
    }

    public static JsonObject OpenPolicy() => new()
    {
        ["@context"] = "http://www.w3.org/ns/odrl.jsonld",
        ["@type"] = "Set",
        ["permission"] = new JsonArray(new JsonObject { ["action"] = "use" }),
    };

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

    /// <summary>Publishes a file as an asset with an offer; returns the offer id.</summary>
    public async Task<string> PublishAsync(string assetId, byte[] content, JsonObject accessPolicy, JsonObject contractPolicy)
    {
        Directory.CreateDirectory(ProviderFiles);
        await File.WriteAllBytesAsync(Path.Combine(ProviderFiles, assetId + ".bin"), content);
        await ProviderPostAsync("/assets", new { id = assetId, properties = new { title = "Test data " + assetId }, dataAddress = new { type = "FileSystem", properties = new { path = assetId + ".bin" } } });
        await ProviderPostAsync("/policies", new { id = assetId + "-access", policy = accessPolicy });
        await ProviderPostAsync("/policies", new { id = assetId + "-contract", policy = contractPolicy });
        await ProviderPostAsync("/offers", new { id = assetId + "-offer", assetId, accessPolicyId = assetId + "-access", contractPolicyId = assetId + "-contract" });
        return assetId + "-offer";
    }

    public Task<JsonNode> ProviderPostAsync(string path, object body) => SendAsync(Provider, ProviderKey, HttpMethod.Post, path, body);

    public Task<JsonNode> ConsumerPostAsync(string path, object body) => SendAsync(Consumer, ConsumerKey, HttpMethod.Post, path, body);

    public Task<JsonNode> ConsumerGetAsync(string path) => SendAsync(Consumer, ConsumerKey, HttpMethod.Get, path, null);

    public Task<JsonNode> ProviderGetAsync(string path) => SendAsync(Provider, ProviderKey, HttpMethod.Get, path, null);

    /// <summary>Polls a negotiation or transfer until it reaches one of <paramref name="states"/>.</summary>
    public async Task<JsonNode> WaitForStateAsync(TestConnector connector, string key, string path, params string[] states)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        JsonNode? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await SendAsync(connector, key, HttpMethod.Get, path, null);
            if (states.Contains(last["state"]!.GetValue<string>()))
            {
                return last;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"{path} did not reach {string.Join("/", states)}; last: {last?.ToJsonString()}");
    }

    public static async Task<JsonNode> SendAsync(TestConnector connector, string key, HttpMethod method, string path, object? body)
    {
        using var request = connector.Management(method, path, key);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await connector.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{method} {path} answered {(int)response.StatusCode}: {text}", null, response.StatusCode);
        }

        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }

    public async ValueTask DisposeAsync()
    {
        await Consumer.DisposeAsync();
        await Provider.DisposeAsync();
        _temp.Dispose();
    }
}
