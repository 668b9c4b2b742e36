using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dataspace.Connector.Tests.Tck;

/// <summary>
/// Plays the DSP TCK's side on loopback: its callback endpoint (records what the connector under test sends) and its
/// HTTP client with the TCK's rules: a 4xx other than 404 is retried up to three times (200 ms, then doubled) unless
/// an error is expected; a 404 always fails; an expected error must be a 4xx other than 404.
/// </summary>
internal sealed class TckPeer : IAsyncDisposable
{
    public const string Token = "tck-static-token";
    public const string ParticipantId = "TCK_PARTICIPANT";
    public const string DspContext = "https://w3id.org/dspace/2025/1/context.jsonld";

    private readonly WebApplication _app;
    private readonly Channel<(string Path, JsonObject Body)> _received = Channel.CreateUnbounded<(string, JsonObject)>();
    private readonly List<(string Path, JsonObject Body)> _unclaimed = [];
    private readonly HttpClient _http = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _providerPids = new(StringComparer.Ordinal);

    private TckPeer(WebApplication app, string address, string connectorDsp)
    {
        _app = app;
        CallbackAddress = address.TrimEnd('/');
        ConnectorDsp = connectorDsp.TrimEnd('/');
        _http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", Token);
    }

    /// <summary>Where the connector sends its messages to the TCK.</summary>
    public string CallbackAddress { get; }

    /// <summary>The connector's DSP base URL.</summary>
    public string ConnectorDsp { get; }

    /// <summary>How long the TCK waits for a message the connector should send.</summary>
    public static TimeSpan Wait { get; } = TimeSpan.FromSeconds(15);

    public static async Task<TckPeer> StartAsync(string connectorDsp)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        TckPeer? peer = null;
        app.MapPost("/{**path}", async (HttpContext http) =>
        {
            var body = await JsonNode.ParseAsync(http.Request.Body) as JsonObject ?? [];
            var path = "/" + http.Request.RouteValues["path"];
            if (path == "/negotiations/request" && body["consumerPid"]?.GetValue<string>() is { } consumerPid)
            {
                // As the TCK's provider mock: a new process (known before the test sees the request), answered with its ContractNegotiation.
                var providerPid = peer!._providerPids.GetOrAdd(consumerPid, _ => "urn:uuid:" + Guid.NewGuid());
                await peer._received.Writer.WriteAsync((path, body));
                return Results.Json(new JsonObject
                {
                    ["@context"] = new JsonArray(DspContext),
                    ["@type"] = "ContractNegotiation",
                    ["providerPid"] = providerPid,
                    ["consumerPid"] = consumerPid,
                    ["state"] = "REQUESTED",
                }, statusCode: StatusCodes.Status201Created);
            }

            await peer!._received.Writer.WriteAsync((path, body));
            return Results.Ok();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        peer = new TckPeer(app, address, connectorDsp);
        return peer;
    }

    /// <summary>Waits for the connector's next message to a path matching <paramref name="pathPattern"/>; fails after <see cref="Wait"/>.</summary>
    public async Task<JsonObject> ExpectAsync(string pathPattern)
    {
        var regex = new Regex(pathPattern, RegexOptions.None, TimeSpan.FromSeconds(1));
        var index = _unclaimed.FindIndex(m => regex.IsMatch(m.Path));
        if (index >= 0)
        {
            var found = _unclaimed[index];
            _unclaimed.RemoveAt(index);
            return found.Body;
        }

        using var timeout = new CancellationTokenSource(Wait);
        try
        {
            while (true)
            {
                var message = await _received.Reader.ReadAsync(timeout.Token);
                if (regex.IsMatch(message.Path))
                {
                    return message.Body;
                }

                _unclaimed.Add(message);
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the connector sent nothing to {pathPattern} within {Wait}; it sent: {string.Join(", ", _unclaimed.Select(m => m.Path + " " + m.Body.ToJsonString()))}");
        }
    }

    /// <summary>Asserts the connector sent nothing (else) within <paramref name="quiet"/>.</summary>
    public async Task ExpectNothingAsync(TimeSpan quiet)
    {
        await Task.Delay(quiet);
        Assert.True(_received.Reader.Count == 0 && _unclaimed.Count == 0,
            $"the connector sent unexpected messages: {string.Join(", ", _unclaimed.Select(m => m.Path))} {_received.Reader.Count} more");
    }

    /// <summary>POSTs a DSP message to the connector with the TCK's retry rule; returns the answer's body.</summary>
    public async Task<JsonObject> PostAsync(string path, JsonObject message, bool expectError = false)
    {
        var backoff = TimeSpan.FromMilliseconds(200);
        for (var attempt = 0; ; attempt++)
        {
            using var content = new StringContent(message.ToJsonString(), Encoding.UTF8, "application/json");
            using var response = await _http.PostAsync(ConnectorDsp + path, content);
            var text = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            if (!expectError && status != 404 && status is >= 400 and < 500 && attempt < 2)
            {
                await Task.Delay(backoff);
                backoff *= 2;
                continue;
            }

            Assert.True(response.StatusCode != HttpStatusCode.NotFound, $"unexpected 404 for POST {path}: {text}");
            if (expectError)
            {
                Assert.True(status is >= 400 and < 500, $"POST {path} was expected to fail with a 4xx, got {status}: {text}");
            }
            else
            {
                Assert.True(response.IsSuccessStatusCode, $"POST {path} answered {status}: {text}");
            }

            return text.Length == 0 ? [] : (JsonObject)JsonNode.Parse(text)!;
        }
    }

    /// <summary>The providerPid this peer gave the connector's request with <paramref name="consumerPid"/>.</summary>
    public string ProviderPidFor(string consumerPid) => _providerPids[consumerPid];

    /// <summary>POSTs plain JSON (not DSP) to a path on the connector's root, with the TCK's Authorization header.</summary>
    public async Task<(int Status, string Body)> PostPlainAsync(string path, object body)
    {
        var root = new Uri(new Uri(ConnectorDsp), "/");
        using var response = await _http.PostAsync(new Uri(root, path.TrimStart('/')), System.Net.Http.Json.JsonContent.Create(body));
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>GETs a DSP resource (404 fails unless expected); returns the status and body.</summary>
    public async Task<(int Status, JsonObject Body)> GetAsync(string path)
    {
        using var response = await _http.GetAsync(ConnectorDsp + path);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? [] : (JsonObject)JsonNode.Parse(text)!);
    }

    /// <summary>GET /.well-known/dspace-version on the connector's root.</summary>
    public async Task<JsonObject> GetVersionAsync()
    {
        var root = new Uri(new Uri(ConnectorDsp), "/");
        using var response = await _http.GetAsync(new Uri(root, ".well-known/dspace-version"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
