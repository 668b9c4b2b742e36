using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Dataspace.Connector.Tests.Protocol;

/// <summary>
/// A hostile peer's input on every DSP endpoint: never a 5xx, always the DSP error body of the endpoint's protocol with a
/// reason, and the stored negotiation and agreement unchanged.
/// </summary>
public sealed class DspBadInputTests
{
    internal const string Context = "https://w3id.org/dspace/2025/1/context.jsonld";
    internal const string DeadCallback = "http://127.0.0.1:9/api/dsp";

    /// <summary>Every POST endpoint: which connector serves it ("provider" or "consumer" of the finalized negotiation), its path and message type.</summary>
    public static TheoryData<string, string, string> PostEndpoints() => new()
    {
        { "provider", "/catalog/request", "CatalogRequestMessage" },
        { "provider", "/negotiations/request", "ContractRequestMessage" },
        { "provider", "/negotiations/{pid}/request", "ContractRequestMessage" },
        { "provider", "/negotiations/{pid}/events", "ContractNegotiationEventMessage" },
        { "provider", "/negotiations/{pid}/agreement/verification", "ContractAgreementVerificationMessage" },
        { "provider", "/negotiations/{pid}/termination", "ContractNegotiationTerminationMessage" },
        { "consumer", "/negotiations/offers", "ContractOfferMessage" },
        { "consumer", "/negotiations/{pid}/offers", "ContractOfferMessage" },
        { "consumer", "/negotiations/{pid}/agreement", "ContractAgreementMessage" },
        { "consumer", "/negotiations/{pid}/events", "ContractNegotiationEventMessage" },
        { "consumer", "/negotiations/{pid}/termination", "ContractNegotiationTerminationMessage" },
        { "provider", "/transfers/request", "TransferRequestMessage" },
        { "provider", "/transfers/{pid}/start", "TransferStartMessage" },
        { "provider", "/transfers/{pid}/completion", "TransferCompletionMessage" },
        { "provider", "/transfers/{pid}/suspension", "TransferSuspensionMessage" },
        { "provider", "/transfers/{pid}/termination", "TransferTerminationMessage" },
    };

    [Fact]
    public async Task EveryPostEndpoint_MalformedOrIncompleteBodies_AreRefusedWithTheDspErrorAndStateIsUnchanged()
    {
        await using var peer = await FinalizedPeer.StartAsync();
        var bodies = new (string Name, string Body, string ContentType)[]
        {
            ("empty", "", "application/json"),
            ("truncated", "{\"@context\":[\"" + Context + "\"],\"@type\":", "application/json"),
            ("array", "[]", "application/json"),
            ("null", "null", "application/json"),
            ("number", "42", "application/json"),
            ("not json", "hello", "text/plain"),
            ("xml", "<ContractRequestMessage/>", "application/xml"),
            ("no @type", "{\"@context\":[\"" + Context + "\"]}", "application/json"),
            ("wrong @type", "{\"@context\":[\"" + Context + "\"],\"@type\":\"Catalog\"}", "application/json"),
            ("unknown @type", "{\"@context\":[\"" + Context + "\"],\"@type\":\"Nope\"}", "application/json"),
            ("no @context", "{\"@type\":\"TransferRequestMessage\"}", "application/json"),
            ("deep nesting", "{\"@context\":[\"" + Context + "\"],\"x\":" + new string('[', 5000) + new string(']', 5000) + "}", "application/json"),
        };

        foreach (var (side, path, type) in PostEndpoints().Select(r => ((string)r[0], (string)r[1], (string)r[2])))
        {
            var target = peer.Resolve(side, path);
            var onlyRequired = $"{{\"@context\":[\"{Context}\"],\"@type\":\"{type}\"}}";
            // A catalog request needs nothing but @context and @type.
            foreach (var (name, body, contentType) in type == "CatalogRequestMessage" ? bodies : bodies.Append(("missing required fields", onlyRequired, "application/json")))
            {
                var (status, error) = await peer.PostAsync(side, target, body, contentType);
                Assert.True(status == HttpStatusCode.BadRequest, $"{name} to {side} {path}: {(int)status} {error}");
                peer.AssertError(path, error, $"{name} to {side} {path}");
            }
        }

        await peer.AssertUnchangedAsync();
    }

    [Fact]
    public async Task OversizedBodies_AreRefusedWithTheSizeLimitAsReason()
    {
        await using var peer = await FinalizedPeer.StartAsync(new Dictionary<string, string?> { ["Connector:Dsp:MaxMessageBytes"] = "65536" });
        var huge = "{\"@context\":[\"" + Context + "\"],\"@type\":\"ContractRequestMessage\",\"consumerPid\":\"" + new string('x', 100_000) + "\"}";

        var (status, error) = await peer.PostAsync("provider", "/negotiations/request", huge, "application/json");
        var (chunkedStatus, chunkedError) = await peer.PostAsync("provider", "/negotiations/request", huge, "application/json", chunked: true);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("larger than 65536 bytes", peer.AssertError("/negotiations/request", error, "sized"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, chunkedStatus);
        Assert.Contains("larger than 65536 bytes", peer.AssertError("/negotiations/request", chunkedError, "chunked"), StringComparison.Ordinal);
        await peer.AssertUnchangedAsync();
    }

    [Fact]
    public async Task InitialRequest_BothOrNeitherCallbackAndProviderPid_IsRefused()
    {
        await using var peer = await FinalizedPeer.StartAsync();
        var both = peer.InitialRequest();
        both["providerPid"] = peer.ProviderPid;
        var neither = peer.InitialRequest();
        neither.Remove("callbackAddress");
        var transferWithout = new JsonObject { ["@context"] = new JsonArray(Context), ["@type"] = "TransferRequestMessage", ["consumerPid"] = "urn:uuid:t1", ["agreementId"] = peer.AgreementId, ["format"] = "HttpData-PULL" };

        foreach (var (name, path, body) in new[] { ("both", "/negotiations/request", both), ("neither", "/negotiations/request", neither), ("transfer without callback", "/transfers/request", transferWithout) })
        {
            var (status, error) = await peer.PostAsync("provider", path, body.ToJsonString(), "application/json");
            Assert.True(status == HttpStatusCode.BadRequest, $"{name}: {(int)status} {error}");
            peer.AssertError(path, error, name);
        }

        await peer.AssertUnchangedAsync();
    }

    [Fact]
    public async Task UnknownIdsAndAnotherParticipantsProcess_AreNotFound()
    {
        await using var peer = await FinalizedPeer.StartAsync();
        var termination = new JsonObject { ["@context"] = new JsonArray(Context), ["@type"] = "ContractNegotiationTerminationMessage", ["providerPid"] = peer.ProviderPid, ["consumerPid"] = peer.ConsumerPid, ["code"] = "x" };
        var unknownTermination = termination.DeepClone().AsObject();
        unknownTermination["providerPid"] = "urn:uuid:unknown";

        var cases = new (string Name, HttpMethod Method, string Path, string? Body, string Token)[]
        {
            ("unknown negotiation", HttpMethod.Get, "/negotiations/urn:uuid:unknown", null, FinalizedPeer.ConsumerToken),
            ("unknown transfer", HttpMethod.Get, "/transfers/urn:uuid:unknown", null, FinalizedPeer.ConsumerToken),
            ("unknown dataset", HttpMethod.Get, "/catalog/datasets/urn:uuid:unknown", null, FinalizedPeer.ConsumerToken),
            ("unknown negotiation termination", HttpMethod.Post, "/negotiations/urn:uuid:unknown/termination", unknownTermination.ToJsonString(), FinalizedPeer.ConsumerToken),
            ("another participant reads", HttpMethod.Get, "/negotiations/" + peer.ProviderPid, null, FinalizedPeer.IntruderToken),
            ("another participant terminates", HttpMethod.Post, $"/negotiations/{peer.ProviderPid}/termination", termination.ToJsonString(), FinalizedPeer.IntruderToken),
        };
        foreach (var (name, method, path, body, token) in cases)
        {
            var (status, error) = await peer.SendAsync("provider", method, path, body, "application/json", token);
            Assert.True(status == HttpStatusCode.NotFound, $"{name}: {(int)status} {error}");
            peer.AssertError(path, error, name);
        }

        await peer.AssertUnchangedAsync();
    }

    [Fact]
    public async Task IllegalTransitions_OnAFinalizedNegotiation_AreRefusedAndStateIsUnchanged()
    {
        await using var peer = await FinalizedPeer.StartAsync();
        JsonObject Message(string type, params (string Key, JsonNode? Value)[] fields)
        {
            var o = new JsonObject { ["@context"] = new JsonArray(Context), ["@type"] = type, ["providerPid"] = peer.ProviderPid, ["consumerPid"] = peer.ConsumerPid };
            foreach (var (k, v) in fields)
            {
                o[k] = v;
            }

            return o;
        }

        var cases = new (string Name, string Side, string Path, JsonObject Body)[]
        {
            ("FINALIZED event from the consumer", "provider", $"/negotiations/{peer.ProviderPid}/events", Message("ContractNegotiationEventMessage", ("eventType", "FINALIZED"))),
            ("ACCEPTED event after finalization", "provider", $"/negotiations/{peer.ProviderPid}/events", Message("ContractNegotiationEventMessage", ("eventType", "ACCEPTED"))),
            ("counter-request after finalization", "provider", $"/negotiations/{peer.ProviderPid}/request", Message("ContractRequestMessage", ("offer", peer.InitialRequest()["offer"]!.DeepClone()))),
            ("termination after finalization", "provider", $"/negotiations/{peer.ProviderPid}/termination", Message("ContractNegotiationTerminationMessage", ("code", "bye"))),
            ("verification sent to the consumer", "consumer", $"/negotiations/{peer.ConsumerPid}/agreement/verification", Message("ContractAgreementVerificationMessage")),
            ("offer after finalization", "consumer", $"/negotiations/{peer.ConsumerPid}/offers", Message("ContractOfferMessage", ("offer", peer.InitialRequest()["offer"]!.DeepClone()))),
            ("ACCEPTED event sent to the consumer", "consumer", $"/negotiations/{peer.ConsumerPid}/events", Message("ContractNegotiationEventMessage", ("eventType", "ACCEPTED"))),
        };
        foreach (var (name, side, path, body) in cases)
        {
            var (status, error) = await peer.PostAsync(side, path, body.ToJsonString(), "application/json");
            Assert.True((int)status is 400 or 404 or 409, $"{name}: {(int)status} {error}");
            peer.AssertError(path, error, name);
        }

        await peer.AssertUnchangedAsync();
    }

    [Fact]
    public async Task TransferRequest_UnknownAgreementOrAnotherParticipantsAgreement_IsRefused()
    {
        await using var peer = await FinalizedPeer.StartAsync();
        var request = new JsonObject
        {
            ["@context"] = new JsonArray(Context), ["@type"] = "TransferRequestMessage", ["consumerPid"] = "urn:uuid:t1",
            ["agreementId"] = "urn:uuid:no-such-agreement", ["format"] = "HttpData-PULL", ["callbackAddress"] = DeadCallback,
        };
        var stolen = request.DeepClone().AsObject();
        stolen["agreementId"] = peer.AgreementId;

        var (unknownStatus, unknownError) = await peer.PostAsync("provider", "/transfers/request", request.ToJsonString(), "application/json");
        var (stolenStatus, stolenError) = await peer.SendAsync("provider", HttpMethod.Post, "/transfers/request", stolen.ToJsonString(), "application/json", FinalizedPeer.IntruderToken);

        Assert.Equal(HttpStatusCode.BadRequest, unknownStatus);
        Assert.Contains("no agreement", peer.AssertError("/transfers/request", unknownError, "unknown agreement"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, stolenStatus);
        Assert.Contains("no agreement", peer.AssertError("/transfers/request", stolenError, "another's agreement"), StringComparison.Ordinal);
        await peer.AssertUnchangedAsync();
    }
}

/// <summary>A provider and consumer with one FINALIZED negotiation, and raw DSP access to both as a hostile peer.</summary>
internal sealed class FinalizedPeer : IAsyncDisposable
{
    public const string ConsumerToken = "consumer-secret-token";
    public const string ProviderToken = "provider-secret-token";
    public const string IntruderToken = "intruder-token";

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private JsonNode _providerBefore = null!;
    private JsonNode _consumerBefore = null!;

    private FinalizedPeer(ConnectorPair pair) => Pair = pair;

    public ConnectorPair Pair { get; }

    public string ProviderPid { get; private set; } = "";

    public string ConsumerPid { get; private set; } = "";

    public string AgreementId { get; private set; } = "";

    public string OfferId { get; private set; } = "";

    private string ConsumerNegotiationId { get; set; } = "";

    public static async Task<FinalizedPeer> StartAsync(IDictionary<string, string?>? providerSettings = null, IDictionary<string, string?>? consumerSettings = null)
    {
        var settings = new Dictionary<string, string?>(providerSettings ?? new Dictionary<string, string?>())
        {
            ["Connector:Dsp:StaticTokens:" + IntruderToken] = "did:web:intruder.example",
        };
        var peer = new FinalizedPeer(await ConnectorPair.StartAsync(settings, consumerSettings));
        var pair = peer.Pair;
        peer.OfferId = await pair.PublishAsync("data", [1, 2, 3], ConnectorPair.OpenPolicy(), ConnectorPair.OpenPolicy());
        var started = await pair.ConsumerPostAsync("/negotiations", new { counterPartyAddress = pair.ProviderDsp, offerId = peer.OfferId });
        peer.ConsumerNegotiationId = started["id"]!.GetValue<string>();
        // VERIFIED too: the consumer may miss the provider's FINALIZED event (a race in the engine being fixed separately);
        // either way the provider's side is final and nothing moves any more once it is FINALIZED and its outbox empty.
        var consumerSide = await pair.WaitForStateAsync(pair.Consumer, pair.ConsumerKey, "/negotiations/" + peer.ConsumerNegotiationId, "FINALIZED", "VERIFIED");
        peer.ProviderPid = consumerSide["providerPid"]!.GetValue<string>();
        peer.ConsumerPid = consumerSide["consumerPid"]!.GetValue<string>();
        peer.AgreementId = consumerSide["agreementId"]!.GetValue<string>();
        await pair.WaitForStateAsync(pair.Provider, pair.ProviderKey, "/negotiations/" + peer.ProviderPid, "FINALIZED");
        for (var i = 0; i < 250 && consumerSide["state"]!.GetValue<string>() != "FINALIZED"; i++)
        {
            await Task.Delay(20);
            consumerSide = await pair.ConsumerGetAsync("/negotiations/" + peer.ConsumerNegotiationId);
        }

        peer._providerBefore = await pair.ProviderGetAsync("/negotiations/" + peer.ProviderPid);
        peer._consumerBefore = consumerSide;
        return peer;
    }

    /// <summary>An initial ContractRequestMessage for the published offer, with a callback nobody listens on.</summary>
    public JsonObject InitialRequest() => new()
    {
        ["@context"] = new JsonArray(DspBadInputTests.Context),
        ["@type"] = "ContractRequestMessage",
        ["consumerPid"] = "urn:uuid:" + Guid.NewGuid(),
        ["callbackAddress"] = DspBadInputTests.DeadCallback,
        ["offer"] = new JsonObject { ["@id"] = OfferId, ["target"] = "data", ["permission"] = new JsonArray(new JsonObject { ["action"] = "use" }) },
    };

    /// <summary>Fills {pid} with the finalized process's id on that side.</summary>
    public string Resolve(string side, string path) => path.Replace("{pid}", path.StartsWith("/transfers", StringComparison.Ordinal) ? "urn:uuid:no-transfer" : side == "provider" ? ProviderPid : ConsumerPid, StringComparison.Ordinal);

    public Task<(HttpStatusCode Status, string Body)> PostAsync(string side, string path, string body, string contentType, bool chunked = false) =>
        SendAsync(side, HttpMethod.Post, path, body, contentType, side == "provider" ? ConsumerToken : ProviderToken, chunked);

    public async Task<(HttpStatusCode Status, string Body)> SendAsync(string side, HttpMethod method, string path, string? body, string contentType, string token, bool chunked = false, CancellationToken cancellationToken = default)
    {
        var connector = side == "provider" ? Pair.Provider : Pair.Consumer;
        using var request = new HttpRequestMessage(method, connector.BaseAddress + "/api/dsp" + path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            request.Content = chunked ? new StreamContent(new MemoryStream(bytes)) : new ByteArrayContent(bytes);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            if (chunked)
            {
                request.Headers.TransferEncodingChunked = true;
            }
        }

        using var response = await _http.SendAsync(request, cancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    /// <summary>The DSP error type an endpoint answers with.</summary>
    public static string ErrorTypeOf(string path) =>
        path.StartsWith("/catalog", StringComparison.Ordinal) ? "CatalogError" : path.StartsWith("/transfers", StringComparison.Ordinal) ? "TransferError" : "ContractNegotiationError";

    /// <summary>Asserts <paramref name="body"/> is the endpoint's DSP error with a non-empty reason; returns the reason.</summary>
    public string AssertError(string path, string body, string what)
    {
        JsonNode? error;
        try
        {
            error = JsonNode.Parse(body);
        }
        catch (System.Text.Json.JsonException)
        {
            throw new Xunit.Sdk.XunitException($"{what}: the answer is not JSON: {body}");
        }

        Assert.True(error?["@type"]?.GetValue<string>() == ErrorTypeOf(path), $"{what}: expected a {ErrorTypeOf(path)}, got {body}");
        var reason = string.Join(" ", error!["reason"]?.AsArray().Select(r => r?.ToString()) ?? []);
        Assert.True(reason.Trim().Length > 0 && error["code"]?.GetValue<string>() is { Length: > 0 }, $"{what}: the error has no code or reason: {body}");
        return reason;
    }

    /// <summary>The finalized negotiation, its agreement, and the absence of transfers are as they were on both sides.</summary>
    public async Task AssertUnchangedAsync()
    {
        Assert.Equal(_providerBefore.ToJsonString(), (await Pair.ProviderGetAsync("/negotiations/" + ProviderPid)).ToJsonString());
        Assert.Equal(_consumerBefore.ToJsonString(), (await Pair.ConsumerGetAsync("/negotiations/" + ConsumerNegotiationId)).ToJsonString());
        Assert.Equal(1, (await Pair.ProviderGetAsync("/agreements"))["total"]!.GetValue<long>());
        Assert.Equal(1, (await Pair.ConsumerGetAsync("/agreements"))["total"]!.GetValue<long>());
        Assert.Equal(0, (await Pair.ProviderGetAsync("/transfers"))["total"]!.GetValue<long>());
        Assert.Equal(0, (await Pair.ConsumerGetAsync("/transfers"))["total"]!.GetValue<long>());
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Pair.DisposeAsync();
    }
}
