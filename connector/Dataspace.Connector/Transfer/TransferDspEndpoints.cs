using Dataspace.Connector.Protocol;
using Dataspace.Connector.Protocol.Dsp;
using Dataspace.Dsp;
using Dataspace.Sdk.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.Transfer;

/// <summary>The transfer process's Dataspace Protocol 2025-1 endpoints, provider and consumer side.</summary>
internal static class TransferDspEndpoints
{
    /// <summary>Maps the transfer process endpoints, provider and consumer side, in the DSP group.</summary>
    public static RouteGroupBuilder MapTransferDsp(this RouteGroupBuilder dsp)
    {
        dsp.MapGet("/transfers/{pid}", (string pid, HttpContext http, TransferManager m, DspResults r) =>
            // The same path serves both roles: ours as provider or as consumer, whichever the caller has with us.
            DspEndpoints.RespondAsync(r, http, pid, () => DspEndpoints.EitherRoleAsync(role => m.OnGetAsync(DspEndpoints.Caller(http), role, pid, http.RequestAborted))));
        PostTransfer<TransferRequestMessage>(dsp, "/transfers/request", (m, c, msg, _, ct) => m.OnRequestAsync(c, msg, ct))
            .WithPeerQuota(
                PeerQuotas.Transfers,
                (http, caller) => http.RequestServices.GetRequiredService<ITransferStore>().CountOpenAsync(ProcessRole.Provider, caller.Did, TransferStates.Terminal, http.RequestAborted),
                o => o.MaxOpenTransfersPerPeer,
                (r, status, reason) => r.TransferError(status, null, null, "too-many-requests", reason));
        PostTransfer<TransferStartMessage>(dsp, "/transfers/{pid}/start", async (m, c, msg, pid, ct) =>
        {
            var asProvider = await m.OnProviderStartAsync(c, pid!, msg, ct).ConfigureAwait(false);
            return asProvider.Status != StatusCodes.Status404NotFound ? asProvider : await m.OnConsumerStartAsync(c, pid!, msg, ct).ConfigureAwait(false);
        });
        PostTransfer<TransferCompletionMessage>(dsp, "/transfers/{pid}/completion", (m, c, msg, pid, ct) => DspEndpoints.EitherRoleAsync(role => m.OnCompletionAsync(c, role, pid!, msg, ct)));
        PostTransfer<TransferTerminationMessage>(dsp, "/transfers/{pid}/termination", (m, c, msg, pid, ct) => DspEndpoints.EitherRoleAsync(role => m.OnTerminationAsync(c, role, pid!, msg, ct)));
        PostTransfer<TransferSuspensionMessage>(dsp, "/transfers/{pid}/suspension", (m, c, msg, pid, ct) => DspEndpoints.EitherRoleAsync(role => m.OnSuspensionAsync(c, role, pid!, msg, ct)));
        return dsp;
    }

    private static RouteHandlerBuilder PostTransfer<TMessage>(RouteGroupBuilder dsp, string pattern, Func<TransferManager, VerifiedCaller, TMessage, string?, CancellationToken, Task<ProtocolResult<TransferProcess>>> handle)
        where TMessage : class, IDspProcessMessage =>
        dsp.MapPost(pattern, async (HttpContext http, TransferManager manager, DspSerializer serializer, DspResults results, IOptions<DspOptions> options) =>
        {
            var pid = http.Request.RouteValues.TryGetValue("pid", out var value) ? value as string : null;
            var (message, error) = await DspRequests.ReadAsync<TMessage>(http.Request, serializer, options.Value.MaxMessageBytes, http.RequestAborted).ConfigureAwait(false);
            if (message is null)
            {
                return results.TransferError(StatusCodes.Status400BadRequest, pid, null, "invalid-message", error!);
            }

            var result = await handle(manager, DspEndpoints.Caller(http), message, pid, http.RequestAborted).ConfigureAwait(false);
            return result.Succeeded
                ? results.Message(result.Value!, result.Status)
                : results.TransferError(result.Status, message.ProviderPid ?? pid, message.ConsumerPid, result.Code!, result.Reason!);
        });
}
