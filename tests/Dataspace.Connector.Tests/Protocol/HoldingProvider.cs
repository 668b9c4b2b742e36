using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Dataspace.Connector.Tests.Protocol;

/// <summary>
/// A DSP provider of our consumer (known to it by the pair's provider token) that answers late: it sends FINALIZED while
/// it holds the answer to our verification (or refuses the verification), and TransferStartMessage while it holds the
/// answer to our transfer request.
/// </summary>
internal sealed class HoldingProvider : IAsyncDisposable
{
    private const string ProviderToken = "provider-secret-token";
    private readonly WebApplication _app;
    private readonly HttpClient _http;
    private readonly string _providerPid = "urn:uuid:" + Guid.NewGuid();
    private string _consumerPid = "";

    private HoldingProvider(WebApplication app, Uri consumer, string callbackAddress)
    {
        _app = app;
        _http = new HttpClient { BaseAddress = new Uri(consumer, "/api/dsp/"), Timeout = TimeSpan.FromSeconds(60) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ProviderToken);
        CallbackAddress = callbackAddress;
    }

    public string CallbackAddress { get; }

    public TaskCompletionSource Accepted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Verified { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource VerificationRefused { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource<(HttpStatusCode Status, string Body, TimeSpan? RetryAfter)> FinalizedWhileHolding { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The answer to the TransferStartMessage sent while our transfer request waited for its 201.</summary>
    public TaskCompletionSource<(HttpStatusCode Status, string Body)> StartedWhileHolding { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string AgreementId => "urn:uuid:agreement-" + _providerPid;

    public static async Task<HoldingProvider> StartAsync(Uri consumer, bool refuseVerification = false, bool finalizeWhileHolding = true)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        HoldingProvider? provider = null;
        app.MapPost("/cb/negotiations/{pid}/events", () =>
        {
            provider!.Accepted.TrySetResult();
            return Results.Ok();
        });
        app.MapPost("/cb/negotiations/{pid}/agreement/verification", async () =>
        {
            if (refuseVerification)
            {
                provider!.VerificationRefused.TrySetResult();
                return Results.NotFound();
            }

            // VERIFIED here; FINALIZED goes out before this answer does.
            if (finalizeWhileHolding)
            {
                provider!.FinalizedWhileHolding.TrySetResult(await provider.FinalizeAsync(TimeSpan.Zero));
            }

            provider!.Verified.TrySetResult();
            return Results.Ok();
        });
        app.MapPost("/cb/transfers/request", async (HttpContext http) =>
        {
            var request = (await JsonNode.ParseAsync(http.Request.Body))!;
            var consumerPid = request["consumerPid"]!.GetValue<string>();
            var providerPid = "urn:uuid:" + Guid.NewGuid();
            // STARTED goes out before the 201 that tells our consumer the provider's pid.
            provider!.StartedWhileHolding.TrySetResult(await provider.PostAsync($"transfers/{Uri.EscapeDataString(consumerPid)}/start", new JsonObject
            {
                ["@context"] = new JsonArray(DspBadInputTests.Context),
                ["@type"] = "TransferStartMessage",
                ["providerPid"] = providerPid,
                ["consumerPid"] = consumerPid,
                ["dataAddress"] = new JsonObject
                {
                    ["@type"] = "DataAddress",
                    ["endpointType"] = "https://w3id.org/idsa/v4.1/HTTP",
                    ["endpoint"] = "http://127.0.0.1:9/data",
                    ["endpointProperties"] = new JsonArray(new JsonObject { ["@type"] = "EndpointProperty", ["name"] = "authorization", ["value"] = "token" }),
                },
            }));
            return Results.Text(new JsonObject
            {
                ["@context"] = new JsonArray(DspBadInputTests.Context),
                ["@type"] = "TransferProcess",
                ["providerPid"] = providerPid,
                ["consumerPid"] = consumerPid,
                ["state"] = "REQUESTED",
            }.ToJsonString(), "application/json", statusCode: StatusCodes.Status201Created);
        });
        await app.StartAsync();
        provider = new HoldingProvider(app, consumer, app.Urls.First() + "/cb");
        return provider;
    }

    /// <summary>Starts a negotiation with an initial offer; returns our consumer's pid.</summary>
    public async Task<string> OfferAsync()
    {
        var (status, body) = await PostAsync("negotiations/offers", new JsonObject
        {
            ["@context"] = new JsonArray(DspBadInputTests.Context),
            ["@type"] = "ContractOfferMessage",
            ["providerPid"] = _providerPid,
            ["callbackAddress"] = CallbackAddress,
            ["offer"] = new JsonObject { ["@id"] = "urn:uuid:offer-" + _providerPid, ["target"] = "data", ["assigner"] = "did:web:provider.example", ["permission"] = Rules() },
        });
        Assert.True(status == HttpStatusCode.Created, $"initial offer: {(int)status} {body}");
        _consumerPid = JsonNode.Parse(body)!["consumerPid"]!.GetValue<string>();
        return _consumerPid;
    }

    public Task<(HttpStatusCode Status, string Body)> AgreeAsync() =>
        PostAsync($"negotiations/{Uri.EscapeDataString(_consumerPid)}/agreement", new JsonObject
        {
            ["@context"] = new JsonArray(DspBadInputTests.Context),
            ["@type"] = "ContractAgreementMessage",
            ["providerPid"] = _providerPid,
            ["consumerPid"] = _consumerPid,
            ["agreement"] = new JsonObject
            {
                ["@id"] = AgreementId,
                ["@type"] = "Agreement",
                ["target"] = "data",
                ["assigner"] = "did:web:provider.example",
                ["assignee"] = "did:web:consumer.example",
                ["timestamp"] = "2026-01-01T00:00:00Z",
                ["permission"] = Rules(),
            },
        });

    /// <summary>Sends FINALIZED after <paramref name="delay"/>; returns the consumer's answer and its Retry-After.</summary>
    public async Task<(HttpStatusCode Status, string Body, TimeSpan? RetryAfter)> FinalizeAsync(TimeSpan delay)
    {
        await Task.Delay(delay);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"negotiations/{Uri.EscapeDataString(_consumerPid)}/events")
        {
            Content = Json(new JsonObject
            {
                ["@context"] = new JsonArray(DspBadInputTests.Context),
                ["@type"] = "ContractNegotiationEventMessage",
                ["providerPid"] = _providerPid,
                ["consumerPid"] = _consumerPid,
                ["eventType"] = "FINALIZED",
            }),
        };
        using var response = await _http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.RetryAfter?.Delta);
    }

    private async Task<(HttpStatusCode Status, string Body)> PostAsync(string path, JsonObject message)
    {
        using var response = await _http.PostAsync(path, Json(message));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static StringContent Json(JsonObject message) => new(message.ToJsonString(), Encoding.UTF8, "application/json");

    private static JsonArray Rules() => [new JsonObject { ["action"] = "use" }];

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
