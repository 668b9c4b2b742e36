using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Dataspace.Connector.Host;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Benchmarks.Protocol;

/// <summary>A real connector host on 127.0.0.1 with its own data folder, and its management API.</summary>
internal sealed class Loopback : IAsyncDisposable
{
    private Loopback(WebApplication app, string baseAddress, string apiKey)
    {
        App = app;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = new Uri(baseAddress) };
        Http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
    }

    public WebApplication App { get; }

    public string BaseAddress { get; }

    public string Dsp => BaseAddress + "/api/dsp";

    /// <summary>Talks to the management API with the connector's key.</summary>
    public HttpClient Http { get; }

    public static async Task<Loopback> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string?> settings)
    {
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Connector:DataDirectory"] = dataDirectory,
            ["Connector:Port"] = "0",
            ["Logging:LogLevel:Default"] = "Warning",
            // Both connectors and the authority are on 127.0.0.1, which the egress policy refuses unless told.
            ["Connector:Egress:AllowPrivateNetworks"] = "true",
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

        var app = await ConnectorHost.BuildAsync(new ConnectorHostSettings { Overrides = overrides, Output = TextWriter.Null }, CancellationToken.None);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var apiKey = (await File.ReadAllTextAsync(Path.Combine(dataDirectory, "management-api-key"))).Trim();
        return new Loopback(app, address, apiKey);
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

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
