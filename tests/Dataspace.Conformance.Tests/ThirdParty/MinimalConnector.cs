using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dataspace.Conformance.Tests.ThirdParty;

/// <summary>
/// A small DSP 2025-1 connector that is not ours: written from the specification on plain ASP.NET Core minimal APIs,
/// state in memory, in a deliberately different style from our connector (the <c>@context</c> written last, members in
/// another order, process ids of its own form, no member the specification does not ask for, 200 or 201 exactly where
/// the HTTPS binding says). It plays the TCK's fixtures (the sample configuration's dataset and agreement ids) the way
/// the TCK's flows expect, as provider and as consumer. The suite must pass it; <see cref="MinimalFault"/> breaks it on
/// purpose to prove the suite notices.
/// </summary>
internal sealed partial class MinimalConnector : IAsyncDisposable
{
    public const string ParticipantId = "urn:example:minimal-connector";
    private const string DspContext = "https://w3id.org/dspace/2025/1/context.jsonld";

    private readonly WebApplication _app;
    private readonly HttpClient _peer = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Negotiation> _negotiations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Transfer> _transfers = new(StringComparer.Ordinal);
    private readonly MinimalFault _fault;

    private MinimalConnector(WebApplication app, MinimalFault fault)
    {
        _app = app;
        _fault = fault;
    }

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    private string DspBase => BaseAddress.ToString().TrimEnd('/') + "/dsp";

    /// <summary>The suite's configuration for this connector: the TCK's keys and sample fixtures, no Authorization header.</summary>
    public ConformanceConfiguration Configuration =>
        TckConfiguration.ForConnector(BaseAddress, new Uri(DspBase), ParticipantId, authorization: null)
            .With([new("dataspacetck.dsp.default.wait", "5")]);

    public static async Task<MinimalConnector> StartAsync(MinimalFault fault = MinimalFault.None)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var connector = new MinimalConnector(app, fault);
        connector.MapRoutes();
        await app.StartAsync();
        connector.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        return connector;
    }

    private void MapRoutes()
    {
        _app.MapGet("/.well-known/dspace-version", () => Results.Json(new JsonObject
        {
            ["protocolVersions"] = new JsonArray(new JsonObject { ["binding"] = "HTTPS", ["path"] = "/dsp", ["version"] = "2025-1" }),
        }));
        _app.MapPost("/dsp/catalog/request", (Delegate)CatalogAsync);
        _app.MapGet("/dsp/catalog/datasets/{id}", (string id) => DatasetAnswer(id));
        _app.MapPost("/dsp/negotiations/request", (Delegate)NegotiationRequestedAsync);
        _app.MapGet("/dsp/negotiations/{pid}", (string pid) => NegotiationState(pid));
        _app.MapPost("/dsp/negotiations/{pid}/{**action}", (Delegate)NegotiationMessageAsync);
        _app.MapPost("/dsp/transfers/request", (Delegate)TransferRequestedAsync);
        _app.MapGet("/dsp/transfers/{pid}", (string pid) => TransferState(pid));
        _app.MapPost("/dsp/transfers/{pid}/{action}", (Delegate)TransferMessageAsync);
        _app.MapPost("/tck/negotiations/requests", (Delegate)StartNegotiationAsync);
        _app.MapPost("/tck/transfers/requests", (Delegate)StartTransferAsync);
    }

    /// <summary>A JSON-LD message: the members first, the @context last (any order is valid JSON-LD).</summary>
    private static JsonObject Message(string type, params (string Name, JsonNode? Value)[] members)
    {
        var message = new JsonObject { ["@type"] = type };
        foreach (var (name, value) in members)
        {
            message[name] = value;
        }

        message["@context"] = new JsonArray(DspContext);
        return message;
    }

    /// <summary>An error message; DSP 2025-1's error schemas require both process ids, empty when this side does not know one.</summary>
    private static IResult Error(int status, string type, string? providerPid, string? consumerPid, string reason)
    {
        var code = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var message = type == "CatalogError"
            ? Message(type, ("reason", new JsonArray(reason)), ("code", code))
            : Message(type, ("reason", new JsonArray(reason)), ("code", code), ("consumerPid", consumerPid ?? ""), ("providerPid", providerPid ?? ""));
        return Results.Json(message, statusCode: status);
    }

    /// <summary>The body as a JSON object of the expected @type, or the 400 that says why not.</summary>
    private static async Task<(JsonObject? Body, IResult? Refusal)> ReadAsync(HttpContext http, string expectedType, string errorType)
    {
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(http.RequestAborted);
        JsonObject? body;
        try
        {
            body = JsonNode.Parse(text) as JsonObject;
            _ = body?.Count; // JsonObject builds its members lazily: a duplicate member surfaces here
        }
        catch (System.Text.Json.JsonException)
        {
            return (null, Error(400, errorType, null, null, "the body is not JSON"));
        }
        catch (ArgumentException)
        {
            return (null, Error(400, errorType, null, null, "a member is given twice"));
        }

        if (body is null)
        {
            return (null, Error(400, errorType, null, null, "the body is not a JSON object"));
        }

        // DSP 2025-1's schemas require the DSP context: without it the message's terms mean nothing.
        var context = body["@context"] switch
        {
            JsonArray array => array.Select(c => c?.ToString()),
            JsonValue value => [value.ToString()],
            _ => [],
        };
        if (!context.Contains(DspContext, StringComparer.Ordinal))
        {
            return (null, Error(400, errorType, null, null, $"@context must include {DspContext}"));
        }

        var type = (body["@type"] as JsonValue)?.TryGetValue<string>(out var t) == true ? t : null;
        if (type != expectedType && type != "https://w3id.org/dspace/2025/1/" + expectedType)
        {
            return (null, Error(400, errorType, null, null, $"expected @type {expectedType}"));
        }

        return (body, null);
    }

    private static string? Text(JsonObject body, string name) =>
        (body[name] as JsonValue)?.TryGetValue<string>(out var value) == true && value.Length > 0 ? value : null;

    /// <summary>Posts a message to a peer; true when the peer acknowledged it (2xx).</summary>
    private async Task<bool> SendAsync(string url, JsonObject message)
    {
        try
        {
            using var content = new StringContent(message.ToJsonString(), Encoding.UTF8, "application/json");
            using var response = await _peer.PostAsync(url, content);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> (messages to the peer caused by this request) only after this request's answer has
    /// been sent, as DSP's "upon receipt and acknowledgement" requires; the fault <see cref="MinimalFault.CallbackBeforeAnswer"/> runs it first.
    /// </summary>
    private async Task AfterAnswerAsync(HttpContext http, Func<Task> work)
    {
        if (_fault == MinimalFault.CallbackBeforeAnswer)
        {
            await work();
            return;
        }

        http.Response.OnCompleted(() =>
        {
            _ = Task.Run(work);
            return Task.CompletedTask;
        });
    }

    private static string NewPid() => "urn:uuid:" + Guid.NewGuid().ToString("D").ToUpperInvariant();

    public async ValueTask DisposeAsync()
    {
        _peer.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static IResult Ok() => Results.StatusCode((int)HttpStatusCode.OK);
}

/// <summary>A deliberate fault of the <see cref="MinimalConnector"/>.</summary>
internal enum MinimalFault
{
    /// <summary>Correct.</summary>
    None,

    /// <summary>Sends the messages a request causes before answering that request.</summary>
    CallbackBeforeAnswer,

    /// <summary>Accepts every message whatever its process's state (no state machine).</summary>
    IllegalTransitionsAccepted,

    /// <summary>Answers with a @type the specification does not define (e.g. <c>ContractNegotiationProcess</c>).</summary>
    WrongType,

    /// <summary>Reads ODRL by its surface shape: refuses an offer whose <c>constraint</c> is a single object, valid JSON-LD for a one-element set.</summary>
    ConstraintArrayOnly,
}
