using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Dataspace.Connector.Tests.Protocol;

/// <summary>
/// A provider accepts our consumer's ContractAgreementVerificationMessage, moves to VERIFIED and sends FINALIZED, and that
/// event can reach our consumer before the consumer has the provider's answer to its verification (a loaded host, a
/// provider that finalizes before it answers). The provider written here does exactly that, deterministically: it sends
/// FINALIZED from inside its handler of our verification and answers the verification only afterwards.
/// </summary>
public sealed class FinalizedBeforeVerificationAnswerTests
{
    private const string ProviderToken = "provider-secret-token";

    [Fact]
    public async Task FinalizedWhileOurVerificationAwaitsItsAnswer_IsRetryable_AndTheNegotiationEndsFinalized()
    {
        await using var pair = await ConnectorPair.StartAsync(new Dictionary<string, string?>());
        await using var provider = await HoldingProvider.StartAsync(new Uri(pair.Consumer.BaseAddress));

        var consumerPid = await provider.OfferAsync();
        await pair.ConsumerPostAsync($"/negotiations/{Uri.EscapeDataString(consumerPid)}/accept", new { });
        await provider.Accepted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var (status, body) = await provider.AgreeAsync();
        Assert.True(status == HttpStatusCode.OK, $"agreement: {(int)status} {body}");

        // The FINALIZED sent while our verification's answer was held: refused as "not yet" (a 5xx the provider's outbox
        // retries, with Retry-After), never as an illegal state (a 4xx, after which the provider gives up or terminates).
        var first = await provider.FinalizedWhileHolding.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(first.Status == HttpStatusCode.ServiceUnavailable, $"FINALIZED before the verification's answer: {(int)first.Status} {first.Body}");
        Assert.True(first.RetryAfter is not null, "the 503 says when to retry (Retry-After)");
        Assert.Contains("verification-in-flight", first.Body, StringComparison.Ordinal);

        // The provider's outbox retries after Retry-After; by then our consumer has recorded the acknowledgement.
        var again = await provider.FinalizeAsync(first.RetryAfter!.Value);
        Assert.True(again.Status == HttpStatusCode.OK, $"FINALIZED retried after the verification's answer: {(int)again.Status} {again.Body}");
        var negotiation = await pair.WaitForStateAsync(pair.Consumer, pair.ConsumerKey, "/negotiations/" + Uri.EscapeDataString(consumerPid), "FINALIZED");
        Assert.Equal("FINALIZED", negotiation["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task FinalizedWhileOurVerificationWasRefused_IsAnIllegalState()
    {
        // As the TCK's CN_C:03-06: the provider answers our verification with 404 and finalizes anyway.
        await using var pair = await ConnectorPair.StartAsync(new Dictionary<string, string?>());
        await using var provider = await HoldingProvider.StartAsync(new Uri(pair.Consumer.BaseAddress), refuseVerification: true);

        var consumerPid = await provider.OfferAsync();
        await pair.ConsumerPostAsync($"/negotiations/{Uri.EscapeDataString(consumerPid)}/accept", new { });
        await provider.Accepted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var (status, body) = await provider.AgreeAsync();
        Assert.True(status == HttpStatusCode.OK, $"agreement: {(int)status} {body}");
        await provider.VerificationRefused.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var finalized = await provider.FinalizeAsync(TimeSpan.Zero);
        Assert.True(finalized.Status == HttpStatusCode.BadRequest, $"FINALIZED after refusing our verification: {(int)finalized.Status} {finalized.Body}");
        var negotiation = await pair.ConsumerGetAsync("/negotiations/" + Uri.EscapeDataString(consumerPid));
        Assert.Equal("AGREED", negotiation["state"]!.GetValue<string>());
    }

    /// <summary>A DSP provider of our consumer that sends FINALIZED while it holds the answer to our verification (or refuses the verification).</summary>
    private sealed class HoldingProvider : IAsyncDisposable
    {
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

        public TaskCompletionSource VerificationRefused { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<(HttpStatusCode Status, string Body, TimeSpan? RetryAfter)> FinalizedWhileHolding { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public static async Task<HoldingProvider> StartAsync(Uri consumer, bool refuseVerification = false)
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
                provider!.FinalizedWhileHolding.TrySetResult(await provider.FinalizeAsync(TimeSpan.Zero));
                return Results.Ok();
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
                    ["@id"] = "urn:uuid:agreement-" + _providerPid,
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
}
