using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Dataspace.Connector.Tests.FederatedCatalog;

/// <summary>
/// A member that only answers DSP catalog requests, with pages of <c>pageSize</c> datasets linked by <c>Link: rel="next"</c>
/// (a catalog far larger than a real connector in a test could hold), or that never answers at all.
/// </summary>
internal sealed class MinimalDspCatalogServer : IAsyncDisposable
{
    private readonly LoopbackServer _server;

    private MinimalDspCatalogServer(LoopbackServer server) => _server = server;

    /// <summary>The DSP endpoint.</summary>
    public string Dsp => _server.Url("/api/dsp");

    /// <summary>How many catalog requests were received.</summary>
    public int Requests { get; private set; }

    /// <summary>Starts a member <paramref name="did"/> showing <paramref name="datasets"/> datasets titled "<paramref name="title"/> N", or never answering.</summary>
    public static async Task<MinimalDspCatalogServer> StartAsync(string did, int datasets, int pageSize, string title, bool neverAnswers = false)
    {
        MinimalDspCatalogServer? self = null;
        var server = await LoopbackServer.StartAsync(app => app.MapPost("/api/dsp/catalog/request", async (HttpContext http) =>
        {
            self!.Requests++;
            if (neverAnswers)
            {
                await Task.Delay(Timeout.Infinite, http.RequestAborted);
            }

            var page = int.TryParse(http.Request.Query["page"], CultureInfo.InvariantCulture, out var p) ? p : 0;
            var first = page * pageSize;
            var items = new JsonArray();
            for (var i = first; i < Math.Min(datasets, first + pageSize); i++)
            {
                items.Add(Dataset($"{title.ToLowerInvariant()}-{i:D6}", $"{title} {i}"));
            }

            if (first + pageSize < datasets)
            {
                http.Response.Headers.Append("Link", $"<{self._server.Url($"/api/dsp/catalog/request?page={page + 1}")}>; rel=\"next\"");
            }

            var catalog = new JsonObject
            {
                ["@context"] = new JsonArray("https://w3id.org/dspace/2025/1/context.jsonld"),
                ["@id"] = "urn:catalog:" + did,
                ["@type"] = "Catalog",
                ["participantId"] = did,
                ["dataset"] = items,
            };
            return Results.Text(catalog.ToJsonString(), "application/json");
        }));
        self = new MinimalDspCatalogServer(server);
        return self;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private static JsonObject Dataset(string id, string title) => new()
    {
        ["@id"] = id,
        ["@type"] = "Dataset",
        ["hasPolicy"] = new JsonArray(new JsonObject { ["@id"] = id + "-offer", ["@type"] = "Offer", ["permission"] = new JsonArray(new JsonObject { ["action"] = "use" }) }),
        ["distribution"] = new JsonArray(new JsonObject { ["@type"] = "Distribution", ["format"] = "HttpData-PULL", ["accessService"] = "urn:service" }),
        ["dct:title"] = title,
    };
}
