using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dataspace.Conformance;

/// <summary>
/// The suite's side of the protocol, as the DSP TCK plays it: a callback server the target sends its messages to (its
/// initial requests answered as the TCK's mocks answer them) and an HTTP client with the TCK's rules (a 4xx other than
/// 404 retried up to three times unless an error is expected; a 404 always fails; an expected error must be a 4xx other
/// than 404). Every exchange is recorded in the check's context and every JSON body the target sends is kept for the
/// suite's own message checks.
/// </summary>
internal sealed partial class DspCounterParty : IAsyncDisposable
{
    public const string DefaultParticipantId = "TCK_PARTICIPANT";
    private const string ItemKey = "dsp.counterparty";
    private const int MaxRecordedBody = 64 * 1024;

    private readonly WebApplication _app;
    private readonly CheckContext _context;
    private readonly HttpClient _http;
    // Every message the target sent that no ExpectAsync claimed yet; several flows of one check may wait at once.
    private readonly List<(string Path, JsonObject Body)> _unclaimed = [];
    private readonly Lock _unclaimedLock = new();
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<string, string> _providerPids = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _targetCallbacks = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<TargetMessage> _targetMessages = new();
    private readonly ConcurrentBag<Regex> _refusedCallbacks = [];

    private DspCounterParty(WebApplication app, CheckContext context, string callbackAddress)
    {
        _app = app;
        _context = context;
        var configuration = context.Configuration;
        CallbackAddress = callbackAddress.TrimEnd('/');
        ProtocolUrl = configuration.GetUrl(DspConfigurationKeys.ProtocolUrl).ToString().TrimEnd('/');
        ParticipantId = configuration.Find(DspConfigurationKeys.ParticipantId) ?? DefaultParticipantId;
        Wait = WaitFrom(configuration);
        _http = new HttpClient { Timeout = Wait + TimeSpan.FromSeconds(30) };
        if (configuration.Find(DspConfigurationKeys.Authorization) is { } authorization)
        {
            _http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        }
    }

    /// <summary>Where the target sends its messages to the suite.</summary>
    public string CallbackAddress { get; }

    /// <summary>The target's DSP endpoint, without a trailing slash.</summary>
    public string ProtocolUrl { get; }

    /// <summary>The participant id the suite acts as.</summary>
    public string ParticipantId { get; }

    /// <summary>How long the suite waits for a message the target should send.</summary>
    public TimeSpan Wait { get; }

    /// <summary>The check's context.</summary>
    public CheckContext Context => _context;

    /// <summary>Every JSON body the target sent so far.</summary>
    public IReadOnlyList<TargetMessage> TargetMessages => [.. _targetMessages];

    /// <summary>The check's counter-party: started on first use, stopped with the check.</summary>
    public static async Task<DspCounterParty> ForAsync(CheckContext context, CancellationToken cancellationToken)
    {
        if (context.Items.TryGetValue(ItemKey, out var existing))
        {
            return (DspCounterParty)existing;
        }

        var configuration = context.Configuration;
        var host = configuration.Find(DspConfigurationKeys.CallbackHost) ?? "127.0.0.1";
        var port = configuration.GetInt(DspConfigurationKeys.CallbackPort, 0);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(string.Create(CultureInfo.InvariantCulture, $"http://{host}:{port}"));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        DspCounterParty? party = null;
        app.MapPost("/{**path}", (Delegate)((HttpContext http) => party!.OnCallbackAsync(http)));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = configuration.Find(DspConfigurationKeys.CallbackAddress)
            ?? app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        party = new DspCounterParty(app, context, address);
        context.Items[ItemKey] = party;
        return party;
    }

    /// <summary>The TCK's wait; capped at 5 minutes, as the TCK's sample file sets 10,000,000 and a failing check must still end.</summary>
    private static TimeSpan WaitFrom(ConformanceConfiguration configuration)
    {
        var wait = configuration.GetInt(DspConfigurationKeys.DefaultWait, 15);
        var span = wait > 600 ? TimeSpan.FromMilliseconds(wait) : TimeSpan.FromSeconds(Math.Max(1, wait));
        return span > MaxWait ? MaxWait : span;
    }

    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(5);

    private async Task<IResult> OnCallbackAsync(HttpContext http)
    {
        var at = _context.TimeProvider.GetUtcNow();
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(http.RequestAborted).ConfigureAwait(false);
        var path = "/" + http.Request.RouteValues["path"];
        JsonObject body;
        try
        {
            body = JsonNode.Parse(text) as JsonObject ?? [];
        }
        catch (JsonException)
        {
            _context.Record(new RecordedExchange("received", "POST", CallbackAddress + path, 400, Clip(text), null, at));
            _targetMessages.Enqueue(new TargetMessage($"callback POST {path}", null, JsonValue.Create(text)));
            return Results.BadRequest();
        }

        _targetMessages.Enqueue(new TargetMessage($"callback POST {path}", null, body.DeepClone()));
        if (_refusedCallbacks.Any(refused => refused.IsMatch(path)))
        {
            // As the TCK's dispatcher for a message no step of the case expects: 404, for as long as the case runs.
            _context.Record(new RecordedExchange("received", "POST", CallbackAddress + path, 404, Clip(text), null, at));
            return Results.NotFound();
        }

        JsonObject? answer = null;
        if (Expect.Text(body["consumerPid"]) is { } consumerPid && path is "/negotiations/request" or "/transfers/request")
        {
            // As the TCK's provider mocks: a new process, known before the check sees the request, answered with its state.
            var providerPid = _providerPids.GetOrAdd(consumerPid, _ => "urn:uuid:" + Guid.NewGuid());
            if (Expect.Text(body["callbackAddress"]) is { } callback)
            {
                _targetCallbacks[consumerPid] = callback.TrimEnd('/');
            }

            answer = new JsonObject
            {
                ["@context"] = new JsonArray(DspVocabulary.Context),
                ["@type"] = path == "/negotiations/request" ? "ContractNegotiation" : "TransferProcess",
                ["providerPid"] = providerPid,
                ["consumerPid"] = consumerPid,
                ["state"] = "REQUESTED",
            };
        }

        _context.Record(new RecordedExchange("received", "POST", CallbackAddress + path, answer is null ? 200 : 201, Clip(text), answer?.ToJsonString(), at));
        await NoteCallbackAsync(path, body, http.RequestAborted).ConfigureAwait(false);
        Arrive(path, body);
        return answer is null ? Results.Ok() : Results.Json(answer, statusCode: StatusCodes.Status201Created);
    }

    /// <summary>From now on, answers the target's messages to paths matching <paramref name="pathPattern"/> with 404 (never acknowledged).</summary>
    public void RefuseCallbacks(string pathPattern) => _refusedCallbacks.Add(new Regex(pathPattern, RegexOptions.None, TimeSpan.FromSeconds(1)));

    private void Arrive(string path, JsonObject body)
    {
        TaskCompletionSource arrived;
        lock (_unclaimedLock)
        {
            _unclaimed.Add((path, body));
            arrived = _arrived;
            _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        arrived.TrySetResult();
    }

    /// <summary>Waits for the target's next message to a path matching <paramref name="pathPattern"/>; fails after <see cref="Wait"/>. Safe to call from several flows at once.</summary>
    public async Task<JsonObject> ExpectAsync(string pathPattern, CancellationToken cancellationToken)
    {
        var regex = new Regex(pathPattern, RegexOptions.None, TimeSpan.FromSeconds(1));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Wait);
        try
        {
            while (true)
            {
                Task next;
                lock (_unclaimedLock)
                {
                    var index = _unclaimed.FindIndex(m => regex.IsMatch(m.Path));
                    if (index >= 0)
                    {
                        var found = _unclaimed[index];
                        _unclaimed.RemoveAt(index);
                        return found.Body;
                    }

                    next = _arrived.Task;
                }

                await next.WaitAsync(timeout.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            string sent;
            lock (_unclaimedLock)
            {
                sent = _unclaimed.Count == 0 ? "nothing else" : string.Join(", ", _unclaimed.Select(m => m.Path + " " + Expect.Clip(m.Body.ToJsonString(), 200)));
            }

            throw new ConformanceException($"the target sent no message to {pathPattern.Trim('^', '$').Replace("\\", "", StringComparison.Ordinal)} within {Wait.TotalSeconds:0.#} s; it sent {sent}");
        }
    }

    /// <summary>POSTs a DSP message to the target with the TCK's retry rule; returns the answer's body.</summary>
    public async Task<JsonObject> PostAsync(string path, JsonObject message, bool expectError, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? expectedPids = null, string? baseUrl = null)
    {
        var backoff = TimeSpan.FromMilliseconds(200);
        var url = (baseUrl ?? ProtocolUrl) + path;
        for (var attempt = 0; ; attempt++)
        {
            using var content = new StringContent(message.ToJsonString(), Encoding.UTF8, "application/json");
            var (status, text) = await SendTrackedAsync(url, path, message, content, cancellationToken).ConfigureAwait(false);
            if (!expectError && status != 404 && status is >= 400 and < 500 && attempt < 2)
            {
                await Task.Delay(backoff, _context.TimeProvider, cancellationToken).ConfigureAwait(false);
                backoff *= 2;
                continue;
            }

            var body = Keep($"answer to POST {path}", status, text, expectError || status >= 300 ? null : expectedPids);
            Expect.That(status != 404, $"POST {path} answered 404: {Expect.Clip(text)}");
            if (expectError)
            {
                Expect.That(status is >= 400 and < 500, $"POST {path} ({Expect.Type(message)}) must be refused with a 4xx, but the target answered {status}: {Expect.Clip(text)}");
            }
            else
            {
                Expect.That(status is >= 200 and < 300, $"POST {path} ({Expect.Type(message)}) answered {status}: {Expect.Clip(text)}");
            }

            return body as JsonObject ?? [];
        }
    }

    /// <summary>GETs a DSP resource; returns the status and the body (empty when not a JSON object).</summary>
    public async Task<(int Status, JsonObject Body)> GetAsync(string path, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? expectedPids = null)
    {
        var (status, text) = await SendAsync(HttpMethod.Get, ProtocolUrl + path, null, cancellationToken).ConfigureAwait(false);
        return (status, Keep($"answer to GET {path}", status, text, status is >= 200 and < 300 ? expectedPids : null) as JsonObject ?? []);
    }

    private static readonly TimeSpan StateSettle = TimeSpan.FromSeconds(3);

    /// <summary>
    /// The TCK's state verification: GET a process and compare its state. DSP moves a process "upon receipt and
    /// acknowledgement", so a target may record the state its own message led to a moment after the suite acknowledged
    /// that message: the state is read again for up to 3 s (or the configured wait, if shorter) until it matches.
    /// </summary>
    public async Task VerifyStateAsync(string path, string type, string what, string state, string label, IReadOnlyDictionary<string, string> pids, CancellationToken cancellationToken)
    {
        var deadline = _context.TimeProvider.GetUtcNow() + (Wait < StateSettle ? Wait : StateSettle);
        while (true)
        {
            var (status, body) = await GetAsync(path, cancellationToken, pids).ConfigureAwait(false);
            var matches = status == 200 && Expect.Type(body) == type && Expect.Text(body["state"]) == state;
            if (matches || _context.TimeProvider.GetUtcNow() >= deadline)
            {
                Expect.That(status == 200, $"GET {path} answered {status}; expected 200 with {what}");
                Expect.Type(body, type, $"GET {path}");
                Expect.Equal(state, Expect.Text(body["state"]), label);
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), _context.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>GETs the version document at <c>{base url}/.well-known/dspace-version</c>.</summary>
    public async Task<(int Status, JsonObject Body)> GetVersionAsync(CancellationToken cancellationToken)
    {
        var url = _context.Configuration.GetUrl(DspConfigurationKeys.BaseUrl).ToString().TrimEnd('/') + "/.well-known/dspace-version";
        var (status, text) = await SendAsync(HttpMethod.Get, url, null, cancellationToken).ConfigureAwait(false);
        return (status, Keep("answer to GET /.well-known/dspace-version", status, text, null) as JsonObject ?? []);
    }

    /// <summary>POSTs plain JSON (a trigger, not DSP) to the URL of a configuration key.</summary>
    public async Task TriggerAsync(string urlKey, JsonObject body, CancellationToken cancellationToken)
    {
        var url = _context.Configuration.GetUrl(urlKey).ToString();
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        var (status, text) = await SendAsync(HttpMethod.Post, url, content, cancellationToken).ConfigureAwait(false);
        Expect.That(status is >= 200 and < 300, $"the trigger {url} ({urlKey}) answered {status}: {Expect.Clip(text)}");
    }

    /// <summary>Sends any request to the target, recorded; no TCK rule applied.</summary>
    public Task<(int Status, string Text)> SendAsync(HttpMethod method, string url, HttpContent? content, CancellationToken cancellationToken) =>
        SendWithAsync(_http, method, url, content, cancellationToken);

    private async Task<(int Status, string Text)> SendWithAsync(HttpClient http, HttpMethod method, string url, HttpContent? content, CancellationToken cancellationToken)
    {
        var at = _context.TimeProvider.GetUtcNow();
        var requestText = content is null ? null : await content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        using var request = new HttpRequestMessage(method, url) { Content = content };
        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            _context.Record(new RecordedExchange("sent", method.Method, url, (int)response.StatusCode, Clip(requestText), Clip(text), at));
            return ((int)response.StatusCode, text);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            _context.Record(new RecordedExchange("sent", method.Method, url, null, Clip(requestText), null, at));
            throw new ConformanceException($"{method} {url} got no answer: {e.Message}", e);
        }
    }

    private JsonNode? Keep(string source, int status, string text, IReadOnlyDictionary<string, string>? expectedPids)
    {
        if (text.Length == 0)
        {
            return null;
        }

        try
        {
            var body = JsonNode.Parse(text);
            if (body is not null)
            {
                _targetMessages.Enqueue(new TargetMessage(source, status, body.DeepClone(), expectedPids));
            }

            return body;
        }
        catch (JsonException)
        {
            _targetMessages.Enqueue(new TargetMessage(source, status, JsonValue.Create(text)));
            return null;
        }
    }

    /// <summary>The providerPid the suite gave the target's request with <paramref name="consumerPid"/>.</summary>
    public string ProviderPidFor(string consumerPid) =>
        _providerPids.TryGetValue(consumerPid, out var pid) ? pid : throw new ConformanceException($"the target never sent a request with consumerPid '{consumerPid}'");

    /// <summary>The callbackAddress the target named in its request with <paramref name="consumerPid"/>.</summary>
    public string TargetCallbackFor(string consumerPid) =>
        _targetCallbacks.TryGetValue(consumerPid, out var address) ? address
            : throw new ConformanceException($"the target's request with consumerPid '{consumerPid}' has no callbackAddress");

    private static string? Clip(string? text) => text is null || text.Length <= MaxRecordedBody ? text : text[..MaxRecordedBody] + "…(truncated)";

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
