using Dataspace.Connector.Catalog;
using Dataspace.Connector.Negotiation;
using Dataspace.Connector.Transfer;
using Dataspace.Dsp;
using Dataspace.Sdk.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.Protocol.Dsp;

/// <summary>Maps the Dataspace Protocol 2025-1 HTTPS binding: catalog, negotiation and transfer, provider and consumer side.</summary>
public static class DspEndpoints
{
    private const string CallerKey = "dsp.caller";

    /// <summary>Maps the public version document and every DSP endpoint under <see cref="DspOptions.BasePath"/>.</summary>
    public static RouteGroupBuilder MapDsp(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/.well-known/dspace-version", () => Results.Json(new
        {
            protocolVersions = new[] { new { version = "2025-1", path = DspOptions.BasePath, binding = "HTTPS" } },
        })).ExcludeFromDescription();

        var dsp = endpoints.MapGroup(DspOptions.BasePath).AddEndpointFilter(AuthenticateAsync).ExcludeFromDescription();
        MapCatalog(dsp);
        MapNegotiations(dsp);
        MapTransfers(dsp);
        return dsp;
    }

    private static async ValueTask<object?> AuthenticateAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var result = await http.RequestServices.GetRequiredService<IDspCallerAuthenticator>().AuthenticateAsync(http, http.RequestAborted).ConfigureAwait(false);
        if (result.Caller is null)
        {
            var results = http.RequestServices.GetRequiredService<DspResults>();
            var path = http.Request.Path.Value ?? "";
            if (path.Contains("/catalog/", StringComparison.Ordinal))
            {
                http.Response.Headers.WWWAuthenticate = "Bearer";
                return results.CatalogError(StatusCodes.Status401Unauthorized, "unauthorized", result.FailureReason!);
            }

            // DSP 2025-1: an unauthorized client of the negotiation and transfer endpoints gets 404, so that it learns
            // nothing about which processes exist; the reason still goes in the body and the log.
            return path.Contains("/transfers", StringComparison.Ordinal)
                ? results.TransferError(StatusCodes.Status404NotFound, null, null, "unauthorized", result.FailureReason!)
                : results.NegotiationError(StatusCodes.Status404NotFound, null, null, "unauthorized", result.FailureReason!);
        }

        http.Items[CallerKey] = result.Caller;
        if (await OverQuotaAsync(http, result.Caller).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        // Whatever this request causes (messages stored, work queued) waits until its answer is written: the peer must
        // have our 200/201 before any callback about the process, or it may not know the process yet.
        var answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        http.Response.OnCompleted(() =>
        {
            answered.TrySetResult();
            return Task.CompletedTask;
        });
        http.RequestServices.GetRequiredService<OutboxSignal>().BeginRequest(answered.Task);
        return await next(context).ConfigureAwait(false);
    }

    /// <summary>
    /// A peer starting more negotiations or transfers than its quota allows gets 429 with Retry-After, before anything
    /// is read or stored: one member must not be able to flood the provider with auto-agreed processes.
    /// </summary>
    private static async Task<IResult?> OverQuotaAsync(HttpContext http, VerifiedCaller caller)
    {
        var path = http.Request.Path.Value ?? "";
        var kind = !HttpMethods.IsPost(http.Request.Method) ? null
            : path == DspOptions.BasePath + "/negotiations/request" ? PeerQuotas.Negotiations
            : path == DspOptions.BasePath + "/transfers/request" ? PeerQuotas.Transfers
            : null;
        if (kind is null)
        {
            return null;
        }

        // Open processes first: a refusal for that reason must not use up the peer's rate.
        var options = http.RequestServices.GetRequiredService<IOptions<QuotaOptions>>().Value;
        var (open, maxOpen) = kind == PeerQuotas.Negotiations
            ? (await http.RequestServices.GetRequiredService<INegotiationStore>().CountOpenAsync(ProcessRole.Provider, caller.Did, [NegotiationState.Finalized, NegotiationState.Terminated], http.RequestAborted).ConfigureAwait(false), options.MaxOpenNegotiationsPerPeer)
            : (await http.RequestServices.GetRequiredService<ITransferStore>().CountOpenAsync(ProcessRole.Provider, caller.Did, [TransferState.Completed, TransferState.Terminated], http.RequestAborted).ConfigureAwait(false), options.MaxOpenTransfersPerPeer);
        string reason;
        int seconds;
        var quotas = http.RequestServices.GetRequiredService<PeerQuotas>();
        if (open >= maxOpen)
        {
            // No telling when the peer's processes end; ask it to come back a little later.
            seconds = 10;
            reason = $"{caller.Did} has {open} {kind} open with us, the most allowed ({maxOpen}); complete or terminate some first";
        }
        else if (quotas.TryTake(kind, caller.Did) is { } wait)
        {
            seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            reason = $"{caller.Did} is over its quota of {quotas.PerMinute(kind)} new {kind} per minute; retry after {seconds} s";
        }
        else
        {
            return null;
        }

        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var results = http.RequestServices.GetRequiredService<DspResults>();
        return kind == PeerQuotas.Negotiations
            ? results.NegotiationError(StatusCodes.Status429TooManyRequests, null, null, "too-many-requests", reason)
            : results.TransferError(StatusCodes.Status429TooManyRequests, null, null, "too-many-requests", reason);
    }

    private static VerifiedCaller Caller(HttpContext http) => (VerifiedCaller)http.Items[CallerKey]!;

    private static void MapCatalog(RouteGroupBuilder dsp)
    {
        dsp.MapPost("/catalog/request", async (HttpContext http, CatalogService catalog, DspSerializer serializer, DspResults results, IOptions<DspOptions> options) =>
        {
            var (message, error) = await DspRequests.ReadAsync<CatalogRequestMessage>(http.Request, serializer, options.Value.MaxMessageBytes, http.RequestAborted).ConfigureAwait(false);
            if (message is null)
            {
                return results.CatalogError(StatusCodes.Status400BadRequest, "invalid-message", error!);
            }

            if (!CatalogQuery.TryRead(message.Filter, out var query, out var filterError))
            {
                return results.CatalogError(StatusCodes.Status400BadRequest, "unsupported-filter", filterError!);
            }

            var token = http.Request.Query["continuationToken"].ToString();
            if (await catalog.BuildPageAsync(Caller(http), token.Length == 0 ? null : token, query, http.RequestAborted).ConfigureAwait(false) is not { } page)
            {
                return results.CatalogError(StatusCodes.Status400BadRequest, "invalid-continuation-token", "the continuationToken is not one this catalog issued; follow the Link headers of a catalog response");
            }

            // DSP 2025-1 catalog pagination: Web Linking with rel next and previous.
            foreach (var (rel, pageToken) in new[] { ("next", page.Next), ("previous", page.Previous) })
            {
                if (pageToken is not null)
                {
                    http.Response.Headers.Append("Link", $"<{catalog.PageUrl(pageToken)}>; rel=\"{rel}\"");
                }
            }

            return results.Message(page.Catalog);
        });

        dsp.MapGet("/catalog/datasets/{id}", async (string id, HttpContext http, CatalogService catalog, DspResults results) =>
            await catalog.GetDatasetAsync(Caller(http), id, http.RequestAborted).ConfigureAwait(false) is { } dataset
                ? results.Message(dataset)
                : results.CatalogError(StatusCodes.Status404NotFound, "not-found", $"no dataset '{id}' for you"));
    }

    private static void MapNegotiations(RouteGroupBuilder dsp)
    {
        // Provider side.
        dsp.MapGet("/negotiations/{pid}", (string pid, HttpContext http, NegotiationManager m, DspResults r) =>
            // The same path serves both roles: ours as provider or as consumer, whichever the caller has with us.
            RespondAsync(r, http, pid, () => EitherRoleAsync(role => m.OnGetAsync(Caller(http), role, pid, http.RequestAborted))));
        Post<ContractRequestMessage>(dsp, "/negotiations/request", (m, c, msg, _, ct) => m.OnRequestAsync(c, msg, ct));
        Post<ContractRequestMessage>(dsp, "/negotiations/{pid}/request", (m, c, msg, pid, ct) => m.OnCounterRequestAsync(c, pid!, msg, ct));
        Post<ContractNegotiationEventMessage>(dsp, "/negotiations/{pid}/events", async (m, c, msg, pid, ct) =>
            // A JSON null passes the reader as a missing eventType; refuse it here rather than fail on it.
            string.IsNullOrEmpty(msg.EventType)
                ? ProtocolResult<ContractNegotiation>.BadRequest("invalid-message", "a ContractNegotiationEventMessage needs an eventType: ACCEPTED or FINALIZED")
                : msg.EventType.EndsWith("ACCEPTED", StringComparison.Ordinal)
                ? await m.OnProviderEventAsync(c, pid!, msg, ct).ConfigureAwait(false)
                : await m.OnConsumerEventAsync(c, pid!, msg, ct).ConfigureAwait(false));
        Post<ContractAgreementVerificationMessage>(dsp, "/negotiations/{pid}/agreement/verification", (m, c, msg, pid, ct) => m.OnVerificationAsync(c, pid!, msg, ct));
        Post<ContractNegotiationTerminationMessage>(dsp, "/negotiations/{pid}/termination", (m, c, msg, pid, ct) => EitherRoleAsync(role => m.OnTerminationAsync(c, role, pid!, msg, ct)));

        // Consumer side (callback address).
        Post<ContractOfferMessage>(dsp, "/negotiations/offers", (m, c, msg, _, ct) => m.OnInitialOfferAsync(c, msg, ct));
        Post<ContractOfferMessage>(dsp, "/negotiations/{pid}/offers", (m, c, msg, pid, ct) => m.OnOfferAsync(c, pid!, msg, ct));
        Post<ContractAgreementMessage>(dsp, "/negotiations/{pid}/agreement", (m, c, msg, pid, ct) => m.OnAgreementAsync(c, pid!, msg, ct));
    }

    private static void MapTransfers(RouteGroupBuilder dsp)
    {
        dsp.MapGet("/transfers/{pid}", (string pid, HttpContext http, TransferManager m, DspResults r) =>
            // The same path serves both roles: ours as provider or as consumer, whichever the caller has with us.
            RespondAsync(r, http, pid, () => EitherRoleAsync(role => m.OnGetAsync(Caller(http), role, pid, http.RequestAborted))));
        PostTransfer<TransferRequestMessage>(dsp, "/transfers/request", (m, c, msg, _, ct) => m.OnRequestAsync(c, msg, ct));
        PostTransfer<TransferStartMessage>(dsp, "/transfers/{pid}/start", async (m, c, msg, pid, ct) =>
        {
            var asProvider = await m.OnProviderStartAsync(c, pid!, msg, ct).ConfigureAwait(false);
            return asProvider.Status != StatusCodes.Status404NotFound ? asProvider : await m.OnConsumerStartAsync(c, pid!, msg, ct).ConfigureAwait(false);
        });
        PostTransfer<TransferCompletionMessage>(dsp, "/transfers/{pid}/completion", (m, c, msg, pid, ct) => EitherRoleAsync(role => m.OnCompletionAsync(c, role, pid!, msg, ct)));
        PostTransfer<TransferTerminationMessage>(dsp, "/transfers/{pid}/termination", (m, c, msg, pid, ct) => EitherRoleAsync(role => m.OnTerminationAsync(c, role, pid!, msg, ct)));
        PostTransfer<TransferSuspensionMessage>(dsp, "/transfers/{pid}/suspension", (m, c, msg, pid, ct) => EitherRoleAsync(role => m.OnSuspensionAsync(c, role, pid!, msg, ct)));
    }

    // A process id names our process whichever role we play in it: try it as ours as provider, then as consumer.
    private static async Task<ProtocolResult<T>> EitherRoleAsync<T>(Func<ProcessRole, Task<ProtocolResult<T>>> handle)
    {
        var asProvider = await handle(ProcessRole.Provider).ConfigureAwait(false);
        return asProvider.Status != StatusCodes.Status404NotFound ? asProvider : await handle(ProcessRole.Consumer).ConfigureAwait(false);
    }

    private static void Post<TMessage>(RouteGroupBuilder dsp, string pattern, Func<NegotiationManager, VerifiedCaller, TMessage, string?, CancellationToken, Task<ProtocolResult<ContractNegotiation>>> handle)
        where TMessage : class, IDspMessage =>
        dsp.MapPost(pattern, async (HttpContext http, NegotiationManager manager, DspSerializer serializer, DspResults results, IOptions<DspOptions> options) =>
        {
            var pid = http.Request.RouteValues.TryGetValue("pid", out var value) ? value as string : null;
            var (message, error) = await DspRequests.ReadAsync<TMessage>(http.Request, serializer, options.Value.MaxMessageBytes, http.RequestAborted).ConfigureAwait(false);
            if (message is null)
            {
                return results.NegotiationError(StatusCodes.Status400BadRequest, pid, null, "invalid-message", error!);
            }

            var result = await handle(manager, Caller(http), message, pid, http.RequestAborted).ConfigureAwait(false);
            return result.Succeeded
                ? results.Message(result.Value!, result.Status)
                : results.NegotiationError(result.Status, PidOf(message, "ProviderPid") ?? pid, PidOf(message, "ConsumerPid"), result.Code!, result.Reason!);
        });

    private static void PostTransfer<TMessage>(RouteGroupBuilder dsp, string pattern, Func<TransferManager, VerifiedCaller, TMessage, string?, CancellationToken, Task<ProtocolResult<TransferProcess>>> handle)
        where TMessage : class, IDspMessage =>
        dsp.MapPost(pattern, async (HttpContext http, TransferManager manager, DspSerializer serializer, DspResults results, IOptions<DspOptions> options) =>
        {
            var pid = http.Request.RouteValues.TryGetValue("pid", out var value) ? value as string : null;
            var (message, error) = await DspRequests.ReadAsync<TMessage>(http.Request, serializer, options.Value.MaxMessageBytes, http.RequestAborted).ConfigureAwait(false);
            if (message is null)
            {
                return results.TransferError(StatusCodes.Status400BadRequest, pid, null, "invalid-message", error!);
            }

            var result = await handle(manager, Caller(http), message, pid, http.RequestAborted).ConfigureAwait(false);
            return result.Succeeded
                ? results.Message(result.Value!, result.Status)
                : results.TransferError(result.Status, PidOf(message, "ProviderPid") ?? pid, PidOf(message, "ConsumerPid"), result.Code!, result.Reason!);
        });

    private static async Task<IResult> RespondAsync<T>(DspResults results, HttpContext http, string pid, Func<Task<ProtocolResult<T>>> handle)
        where T : class, IDspMessage
    {
        var result = await handle().ConfigureAwait(false);
        if (result.Succeeded)
        {
            return results.Message(result.Value!, result.Status);
        }

        return typeof(T) == typeof(TransferProcess)
            ? results.TransferError(result.Status, pid, null, result.Code!, result.Reason!)
            : results.NegotiationError(result.Status, pid, null, result.Code!, result.Reason!);
    }

    private static string? PidOf(object message, string property) => message.GetType().GetProperty(property)?.GetValue(message) as string;
}
