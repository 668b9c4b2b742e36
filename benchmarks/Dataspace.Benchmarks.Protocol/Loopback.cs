using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dataspace.Connector.Host.Loopback;
using Dataspace.Connector.Testing;
using Microsoft.AspNetCore.Builder;

namespace Dataspace.Benchmarks.Protocol;

/// <summary>A real connector host on 127.0.0.1 with its own data folder, and its management API.</summary>
internal sealed class Loopback : IAsyncDisposable
{
    private readonly LoopbackConnector _connector;

    private Loopback(LoopbackConnector connector)
    {
        _connector = connector;
        Http = new HttpClient { BaseAddress = new Uri(connector.BaseAddress) };
        Http.DefaultRequestHeaders.Add("X-Api-Key", connector.ApiKey);
    }

    public WebApplication App => _connector.App;

    public string BaseAddress => _connector.BaseAddress;

    public string Dsp => _connector.Dsp;

    /// <summary>Talks to the management API with the connector's key.</summary>
    public HttpClient Http { get; }

    public static async Task<Loopback> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string?> settings)
    {
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            // The benchmark measures throughput; the per-peer quotas (600 new negotiations a minute by default) would cap it.
            ["Connector:Quotas:NegotiationsPerMinute"] = "1000000",
            ["Connector:Quotas:NegotiationBurst"] = "1000000",
            ["Connector:Quotas:TransfersPerMinute"] = "1000000",
            ["Connector:Quotas:TransferBurst"] = "1000000",
            ["Connector:Quotas:MaxOpenNegotiationsPerPeer"] = "1000000",
            ["Connector:Quotas:MaxOpenTransfersPerPeer"] = "1000000",
        };
        foreach (var (key, value) in settings)
        {
            overrides[key] = value;
        }

        // The host's loopback start-up (free port on 127.0.0.1, private-network egress, warnings-only logs), as the tests and the demo use it.
        var connector = await LoopbackConnector.StartAsync(new LoopbackConnectorOptions { DataDirectory = dataDirectory, Settings = overrides }, CancellationToken.None);
        return new Loopback(connector);
    }

    public async Task<JsonNode> SendAsync(HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, "/api/management/v1" + path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {text}");
        }

        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }

    /// <summary>Publishes an asset (a file in the file-system plugin's folder) with one offer under the given policies; returns the offer id.</summary>
    public async Task<string> PublishAsync(string dataDirectory, string assetId, JsonObject accessPolicy, JsonObject contractPolicy)
    {
        var files = Path.Combine(dataDirectory, "plugins", "dataspace.storage.filesystem", "files");
        Directory.CreateDirectory(files);
        await File.WriteAllBytesAsync(Path.Combine(files, assetId + ".bin"), [1, 2, 3]);
        await SendAsync(HttpMethod.Post, "/assets", new { id = assetId, properties = new { title = assetId }, dataAddress = new { type = "FileSystem", properties = new { path = assetId + ".bin" } } });
        await SendAsync(HttpMethod.Post, "/policies", new { id = assetId + "-access", policy = accessPolicy });
        await SendAsync(HttpMethod.Post, "/policies", new { id = assetId + "-contract", policy = contractPolicy });
        await SendAsync(HttpMethod.Post, "/offers", new { id = assetId + "-offer", assetId, accessPolicyId = assetId + "-access", contractPolicyId = assetId + "-contract" });
        return assetId + "-offer";
    }

    public static JsonObject OpenPolicy() => new()
    {
        ["@context"] = "http://www.w3.org/ns/odrl.jsonld",
        ["@type"] = "Set",
        ["permission"] = new JsonArray(new JsonObject { ["action"] = "use" }),
    };

    public static int FreePort() => LoopbackPorts.Next();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _connector.DisposeAsync();
    }
}
