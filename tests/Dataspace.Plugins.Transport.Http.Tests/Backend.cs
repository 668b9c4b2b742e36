using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Dataspace.Plugins.Transport.Http.Tests;

/// <summary>
/// A provider's backend API and a consumer's receiving endpoint in one Kestrel server:
/// <c>GET /files/{name}</c> (ranges honoured), <c>GET /whole/{name}</c> (ranges ignored),
/// <c>POST|PUT /sink/{name}</c> (stored only when the whole body arrived), <c>/status/{code}</c>.
/// </summary>
internal sealed class Backend : IAsyncDisposable
{
    private readonly LoopbackServer _server;

    private Backend(LoopbackServer server) => _server = server;

    public ConcurrentDictionary<string, byte[]> Files { get; } = new(StringComparer.Ordinal);

    /// <summary>The requests received, as "METHOD path header=value" lines for the headers tests look at.</summary>
    public ConcurrentQueue<HttpRequestRecord> Requests { get; } = new();

    public Uri BaseUrl => _server.BaseUrl;

    public string Url(string path) => _server.Url(path);

    public static async Task<Backend> StartAsync()
    {
        Backend? backend = null;
        var server = await LoopbackServer.StartAsync(_ => { }, app =>
        {
            app.Use(async (context, next) =>
            {
                backend!.Requests.Enqueue(new HttpRequestRecord(context.Request.Method, context.Request.Path + context.Request.QueryString, context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
                await next(context);
            });
            app.MapGet("/files/{name}", (string name) => backend!.Files.TryGetValue(name, out var content)
                ? Results.Bytes(content, "application/octet-stream", enableRangeProcessing: true)
                : Results.NotFound());
            app.MapGet("/whole/{name}", (string name) => backend!.Files.TryGetValue(name, out var content)
                ? Results.Bytes(content, "text/csv")
                : Results.NotFound());
            app.MapMethods("/sink/{name}", ["POST", "PUT"], async (string name, HttpRequest request) =>
            {
                using var memory = new MemoryStream();
                await request.Body.CopyToAsync(memory, request.HttpContext.RequestAborted);
                backend!.Files[name] = memory.ToArray();
                return Results.NoContent();
            });
            app.Map("/status/{code:int}", (int code) => Results.Text("backend says no", statusCode: code));
        });
        backend = new Backend(server);
        return backend;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}

/// <summary>One request a test server received.</summary>
internal sealed record HttpRequestRecord(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers);
