using Dataspace.Connector.Protocol;
using Dataspace.Connector.Protocol.Dsp;
using Dataspace.Dsp;
using Dataspace.Sdk.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.Negotiation;

/// <summary>The contract negotiation's Dataspace Protocol 2025-1 endpoints, provider and consumer side.</summary>
internal static class NegotiationDspEndpoints
{
    /// <summary>Maps the negotiation endpoints, provider and consumer side, in the DSP group.</summary>
    public static RouteGroupBuilder MapNegotiationDsp(this RouteGroupBuilder dsp)
    {
        // Provider side.
        dsp.MapGet("/negotiations/{pid}", (string pid, HttpContext http, NegotiationManager m, DspResults r) =>
            // The same path serves both roles: ours as provider or as consumer, whichever the caller has with us.
            DspEndpoints.RespondAsync(r, http, pid, () => DspEndpoints.EitherRoleAsync(role => m.OnGetAsync(DspEndpoints.Caller(http), role, pid, http.RequestAborted))));
        Post<ContractRequestMessage>(dsp, "/negotiations/request", (m, c, msg, _, ct) => m.OnRequestAsync(c, msg, ct))
            .WithPeerQuota(
                PeerQuotas.Negotiations,
                (http, caller) => http.RequestServices.GetRequiredService<INegotiationStore>().CountOpenAsync(ProcessRole.Provider, caller.Did, NegotiationStates.Terminal, http.RequestAborted),
                o => o.MaxOpenNegotiationsPerPeer,
                (r, status, reason) => r.NegotiationError(status, null, null, "too-many-requests", reason));
        Post<ContractRequestMessage>(dsp, "/negotiations/{pid}/request", (m, c, msg, pid, ct) => m.OnCounterRequestAsync(c, pid!, msg, ct));
        Post<ContractNegotiationEventMessage>(dsp, "/negotiations/{pid}/events", async (m, c, msg, pid, ct) =>
            // A JSON null passes the reader as a missing eventType; refuse it here rather than fail on it.
            string.IsNullOrEmpty(msg.EventType)
                ? ProtocolResult<ContractNegotiation>.BadRequest("invalid-message", "a ContractNegotiationEventMessage needs an eventType: ACCEPTED or FINALIZED")
                : msg.EventType.EndsWith("ACCEPTED", StringComparison.Ordinal)
                ? await m.OnProviderEventAsync(c, pid!, msg, ct).ConfigureAwait(false)
                : await m.OnConsumerEventAsync(c, pid!, msg, ct).ConfigureAwait(false));
        Post<ContractAgreementVerificationMessage>(dsp, "/negotiations/{pid}/agreement/verification", (m, c, msg, pid, ct) => m.OnVerificationAsync(c, pid!, msg, ct));
        Post<ContractNegotiationTerminationMessage>(dsp, "/negotiations/{pid}/termination", (m, c, msg, pid, ct) => DspEndpoints.EitherRoleAsync(role => m.OnTerminationAsync(c, role, pid!, msg, ct)));

        // Consumer side (callback address).
        Post<ContractOfferMessage>(dsp, "/negotiations/offers", (m, c, msg, _, ct) => m.OnInitialOfferAsync(c, msg, ct));
        Post<ContractOfferMessage>(dsp, "/negotiations/{pid}/offers", (m, c, msg, pid, ct) => m.OnOfferAsync(c, pid!, msg, ct));
        Post<ContractAgreementMessage>(dsp, "/negotiations/{pid}/agreement", (m, c, msg, pid, ct) => m.OnAgreementAsync(c, pid!, msg, ct));
        return dsp;
    }

    private static RouteHandlerBuilder Post<TMessage>(RouteGroupBuilder dsp, string pattern, Func<NegotiationManager, VerifiedCaller, TMessage, string?, CancellationToken, Task<ProtocolResult<ContractNegotiation>>> handle)
        where TMessage : class, IDspProcessMessage =>
        dsp.MapPost(pattern, async (HttpContext http, NegotiationManager manager, DspSerializer serializer, DspResults results, IOptions<DspOptions> options) =>
        {
            var pid = http.Request.RouteValues.TryGetValue("pid", out var value) ? value as string : null;
            var (message, error) = await DspRequests.ReadAsync<TMessage>(http.Request, serializer, options.Value.MaxMessageBytes, http.RequestAborted).ConfigureAwait(false);
            if (message is null)
            {
                return results.NegotiationError(StatusCodes.Status400BadRequest, pid, null, "invalid-message", error!);
            }

            var result = await handle(manager, DspEndpoints.Caller(http), message, pid, http.RequestAborted).ConfigureAwait(false);
            return result.Succeeded
                ? results.Message(result.Value!, result.Status)
                : results.NegotiationError(result.Status, message.ProviderPid ?? pid, message.ConsumerPid, result.Code!, result.Reason!);
        });
}
