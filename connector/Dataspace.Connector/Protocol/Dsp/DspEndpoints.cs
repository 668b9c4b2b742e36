using Dataspace.Connector.Audit;
using Dataspace.Dsp;
using Dataspace.Sdk.Audit;
using Dataspace.Sdk.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.Protocol.Dsp;

/// <summary>
/// The Dataspace Protocol 2025-1 HTTPS binding's plumbing: the version document, the authenticated group every DSP
/// endpoint lives in, per-peer quotas and the helpers the features use to answer; the catalog, negotiation and transfer
/// endpoints themselves are mapped by their features.
/// </summary>
public static class DspEndpoints
{
    private const string CallerKey = "dsp.caller";

    /// <summary>Where <see cref="DspRequests"/> leaves the facts of the message it read, for the audit entry.</summary>
    internal const string MessageFactsKey = "dsp.message.facts";

    /// <summary>Maps the public version document and the authenticated group under <see cref="DspOptions.BasePath"/> the features map their endpoints in.</summary>
    public static RouteGroupBuilder MapDspGroup(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/.well-known/dspace-version", () => Results.Json(new
        {
            protocolVersions = new[] { new { version = "2025-1", path = DspOptions.BasePath, binding = "HTTPS" } },
        })).ExcludeFromDescription();

        return endpoints.MapGroup(DspOptions.BasePath).AddEndpointFilter(AuthenticateAsync).ExcludeFromDescription();
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

        // Whatever this request causes (messages stored, work queued) waits until its answer is written: the peer must
        // have our 200/201 before any callback about the process, or it may not know the process yet.
        var answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Only a fallback, for answers the framework writes itself (a failure's 500): Response.OnCompleted may run
        // before Kestrel's transport has taken the answer's last bytes, and a callback released there can overtake them.
        http.Response.OnCompleted(() =>
        {
            answered.TrySetResult();
            return Task.CompletedTask;
        });
        http.RequestServices.GetRequiredService<OutboxSignal>().BeginRequest(answered.Task);
        var handled = await next(context).ConfigureAwait(false);

        // The message is in the audit log before the peer has our answer. The action it caused is stored already, so its
        // record is not dropped because the peer hung up meanwhile.
        var facts = http.Items[MessageFactsKey] as DspMessageFacts ?? DspMessageFacts.None;
        var status = handled is IStatusCodeHttpResult { StatusCode: { } code } ? code : http.Response.StatusCode;
        var pid = http.Request.RouteValues.TryGetValue("pid", out var value) ? value as string : null;
        var answerFacts = handled is IResult made && DspResults.BodyOf(made) is { } body ? DspMessageFacts.Of(body) : null;
        await http.RequestServices.GetRequiredService<IAuditLog>().AppendAsync(
            AuditRecords.DspReceived(facts, answerFacts, pid, result.Caller.Did, http.Request.Method, http.Request.Path.Value ?? "", status), CancellationToken.None).ConfigureAwait(false);
        if (handled is not IResult answer || http.Response.HasStarted)
        {
            return handled;
        }

        // The answer is written, completed and flushed to the connection here, and only then are the held messages and
        // steps let go: every callback this request caused starts after our answer has left for the peer.
        await answer.ExecuteAsync(http).ConfigureAwait(false);
        await http.Response.CompleteAsync().ConfigureAwait(false);
        answered.TrySetResult();
        return Results.Empty;
    }

    /// <summary>
    /// A peer starting more processes of <paramref name="kind"/> than its quota allows gets 429 with Retry-After, before
    /// anything is read or stored: one member must not be able to flood the provider with auto-agreed processes.
    /// </summary>
    /// <param name="endpoint">The endpoint that starts a process (a negotiation or transfer request).</param>
    /// <param name="kind"><see cref="PeerQuotas.Negotiations"/> or <see cref="PeerQuotas.Transfers"/>.</param>
    /// <param name="countOpen">How many processes of this kind the caller has open with us as provider.</param>
    /// <param name="maxOpen">The most open processes of this kind allowed per peer.</param>
    /// <param name="refuse">The feature's DSP error for a status and reason.</param>
    internal static RouteHandlerBuilder WithPeerQuota(
        this RouteHandlerBuilder endpoint,
        string kind,
        Func<HttpContext, VerifiedCaller, Task<long>> countOpen,
        Func<QuotaOptions, int> maxOpen,
        Func<DspResults, int, string, IResult> refuse) =>
        endpoint.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var caller = Caller(http);

            // Open processes first: a refusal for that reason must not use up the peer's rate.
            var open = await countOpen(http, caller).ConfigureAwait(false);
            var max = maxOpen(http.RequestServices.GetRequiredService<IOptions<QuotaOptions>>().Value);
            string reason;
            int seconds;
            var quotas = http.RequestServices.GetRequiredService<PeerQuotas>();
            if (open >= max)
            {
                // No telling when the peer's processes end; ask it to come back a little later.
                seconds = 10;
                reason = $"{caller.Did} has {open} {kind} open with us, the most allowed ({max}); complete or terminate some first";
            }
            else if (quotas.TryTake(kind, caller.Did) is { } wait)
            {
                seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
                reason = $"{caller.Did} is over its quota of {quotas.PerMinute(kind)} new {kind} per minute; retry after {seconds} s";
            }
            else
            {
                return await next(context).ConfigureAwait(false);
            }

            http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return refuse(http.RequestServices.GetRequiredService<DspResults>(), StatusCodes.Status429TooManyRequests, reason);
        });

    /// <summary>The caller the group's filter authenticated.</summary>
    internal static VerifiedCaller Caller(HttpContext http) => (VerifiedCaller)http.Items[CallerKey]!;

    // A process id names our process whichever role we play in it: try it as ours as provider, then as consumer.
    internal static async Task<ProtocolResult<T>> EitherRoleAsync<T>(Func<ProcessRole, Task<ProtocolResult<T>>> handle)
    {
        var asProvider = await handle(ProcessRole.Provider).ConfigureAwait(false);
        return asProvider.Status != StatusCodes.Status404NotFound ? asProvider : await handle(ProcessRole.Consumer).ConfigureAwait(false);
    }

    /// <summary>The message of a successful result, or the DSP error for the process kind <typeparamref name="T"/>.</summary>
    internal static async Task<IResult> RespondAsync<T>(DspResults results, HttpContext http, string pid, Func<Task<ProtocolResult<T>>> handle)
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
}
