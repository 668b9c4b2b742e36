using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dataspace.Identity.Credentials;
using Dataspace.Identity.Dcp;
using Dataspace.Identity.Jose;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Dataspace.Conformance.Identity;

/// <summary>
/// The suite's side on the network while a check runs: serves the authority's and personas' DID documents, the
/// authority's status lists, each persona's Credential Service and DSP callback address, and records every request.
/// One per check (<see cref="ForCheckAsync"/>); the runner disposes it after the check.
/// </summary>
public sealed class SuiteParticipantServer : IAsyncDisposable
{
    /// <summary>The URL Kestrel listens on when it differs from the identity address (e.g. behind a TLS proxy).</summary>
    public const string ListenKey = "conformance.identity.listen";

    /// <summary>The key of the running server in <see cref="CheckContext.Items"/>.</summary>
    public const string ItemKey = "conformance.identity.server";

    private readonly WebApplication _app;
    private readonly List<SuiteCallback> _callbacks = [];
    private readonly object _gate = new();
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SuiteParticipantServer(WebApplication app, SuiteIdentity identity, HttpClient http)
    {
        _app = app;
        Identity = identity;
        Http = http;
    }

    /// <summary>The suite's identity.</summary>
    public SuiteIdentity Identity { get; }

    /// <summary>An HTTP client whose exchanges are recorded in the check's log.</summary>
    public HttpClient Http { get; }

    /// <summary>The check's running server, started on first use.</summary>
    public static async Task<SuiteParticipantServer> ForCheckAsync(CheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items.TryGetValue(ItemKey, out var existing))
        {
            return (SuiteParticipantServer)existing;
        }

        var server = await StartAsync(context, cancellationToken).ConfigureAwait(false);
        context.Items[ItemKey] = server;
        return server;
    }

    /// <summary>Every callback received so far.</summary>
    public IReadOnlyList<SuiteCallback> Callbacks
    {
        get
        {
            lock (_gate)
            {
                return [.. _callbacks];
            }
        }
    }

    /// <summary>Waits for a callback matching <paramref name="match"/> (also one that arrived before the call).</summary>
    /// <returns>The callback, or null when none came within <paramref name="timeout"/>.</returns>
    public async Task<SuiteCallback?> WaitForAsync(Func<SuiteCallback, bool> match, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(match);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            Task arrived;
            lock (_gate)
            {
                if (_callbacks.FirstOrDefault(match) is { } found)
                {
                    return found;
                }

                arrived = _arrived.Task;
            }

            try
            {
                await arrived.WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return null;
            }
        }
    }

    /// <summary>Stops the server.</summary>
    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        Identity.Dispose();
    }

    private static async Task<SuiteParticipantServer> StartAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var identity = await SuiteIdentity.LoadAsync(context.Configuration, context.TimeProvider, cancellationToken).ConfigureAwait(false);
        try
        {
            var listen = context.Configuration.Find(ListenKey) is not null ? context.Configuration.GetUrl(ListenKey) : identity.Address;
            if (listen.Scheme != Uri.UriSchemeHttp)
            {
                throw new ConformanceException($"the suite serves plain HTTP; set '{ListenKey}' to the http URL it should listen on (a TLS proxy in front serves '{SuiteIdentity.AddressKey}' = {identity.Address})");
            }

            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls($"http://{listen.Authority}");
            var app = builder.Build();
            var http = new HttpClient(new RecordingHandler(context, new SocketsHttpHandler())) { Timeout = TimeSpan.FromSeconds(30) };
            var server = new SuiteParticipantServer(app, identity, http);
            server.Map(app, context, identity.Address.AbsolutePath.TrimEnd('/'));
            try
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                await app.DisposeAsync().ConfigureAwait(false);
                http.Dispose();
                throw new ConformanceException($"the suite cannot listen on {listen.Authority} for its DIDs and callbacks: {e.Message}", e);
            }

            return server;
        }
        catch
        {
            identity.Dispose();
            throw;
        }
    }

    private void Map(WebApplication app, CheckContext context, string prefix)
    {
        app.Use(async (http, next) =>
        {
            http.Request.EnableBuffering();
            string? body = null;
            if (http.Request.ContentLength is > 0 || http.Request.Headers.TransferEncoding.Count > 0)
            {
                using var reader = new StreamReader(http.Request.Body, Encoding.UTF8, leaveOpen: true);
                body = await reader.ReadToEndAsync(http.RequestAborted).ConfigureAwait(false);
                http.Request.Body.Position = 0;
            }

            var at = context.TimeProvider.GetUtcNow();
            await next(http).ConfigureAwait(false);
            context.Record(new RecordedExchange("received", http.Request.Method, $"{http.Request.Scheme}://{http.Request.Host}{http.Request.Path}", http.Response.StatusCode, RecordingHandler.Truncate(body), null, at));
        });
        app.MapGet(prefix + "/authority/did.json", () => Results.Json(Identity.AuthorityIdentity.Document.ToJson(), contentType: "application/did+json"));
        app.MapGet(prefix + "/authority/status/{list}", async (string list, CancellationToken ct) =>
        {
            CredentialProfile? profile = list switch { "vc20" => CredentialProfile.Vc20BitstringStatusList, "vc11" => CredentialProfile.Vc11StatusList2021, _ => null };
            return profile is { } p
                ? Results.Text(await Identity.Authority.GetStatusListCredentialAsync(p, ct).ConfigureAwait(false), p == CredentialProfile.Vc11StatusList2021 ? "application/jwt" : "application/vc+jwt")
                : Results.NotFound();
        });
        app.MapGet(prefix + "/persona/{name}/did.json", (string name) =>
            Identity.Personas.TryGetValue(name, out var persona) ? Results.Json(persona.Identity.Document.ToJson(), contentType: "application/did+json") : Results.NotFound());
        app.MapPost(prefix + "/persona/{name}/cs/presentations/query", (string name, HttpContext http) => AnswerQueryAsync(name, http, context));
        app.MapPost(prefix + "/persona/{name}/dsp/{**path}", async (string name, string path, HttpContext http) =>
        {
            if (!Identity.Personas.ContainsKey(name))
            {
                return Results.NotFound();
            }

            JsonObject body;
            try
            {
                body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted).ConfigureAwait(false) as JsonObject ?? [];
            }
            catch (JsonException)
            {
                body = [];
            }

            lock (_gate)
            {
                _callbacks.Add(new SuiteCallback(name, "/" + Uri.UnescapeDataString(path), body, http.Request.Headers.Authorization.ToString() is { Length: > 0 } a ? a : null));
                var arrived = _arrived;
                _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                arrived.TrySetResult();
            }

            return Results.Ok();
        });
    }

    // The suite's holder is lenient on purpose: it presents what the persona holds (expired and revoked credentials too) to
    // any verifier with a well-formed token, since what is under test is the target's verification, not the suite's wallet.
    private async Task<IResult> AnswerQueryAsync(string name, HttpContext http, CheckContext context)
    {
        if (!Identity.Personas.TryGetValue(name, out var persona))
        {
            return Results.NotFound();
        }

        if (!CompactJws.TryParse(DcpVerifier.ExtractToken(http.Request.Headers.Authorization), out var token, out var reason) || token.GetString("iss") is not { } verifier)
        {
            return Results.Json(new JsonObject { ["error"] = "Unauthorized", ["reason"] = reason ?? "the token has no iss" }, statusCode: StatusCodes.Status401Unauthorized);
        }

        PresentationQueryMessage? query;
        try
        {
            using var doc = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted).ConfigureAwait(false);
            if (!PresentationQueryMessage.TryParse(doc.RootElement, out query, out reason))
            {
                return Results.Json(new JsonObject { ["error"] = "InvalidRequest", ["reason"] = reason }, statusCode: StatusCodes.Status400BadRequest);
            }
        }
        catch (JsonException e)
        {
            return Results.Json(new JsonObject { ["error"] = "InvalidRequest", ["reason"] = e.Message }, statusCode: StatusCodes.Status400BadRequest);
        }

        var types = query.Scope.Select(s => DcpScopes.TryParse(s, out var parsed, out _) && parsed.Kind == DcpScopeKind.CredentialType ? parsed.Value : null)
            .OfType<string>().ToHashSet(StringComparer.Ordinal);
        var presentations = persona.Present(verifier, types, context.TimeProvider.GetUtcNow());
        return Results.Json(new PresentationResponseMessage { Presentation = presentations }.ToJson());
    }
}
