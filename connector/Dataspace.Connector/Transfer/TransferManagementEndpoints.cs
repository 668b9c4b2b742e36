using Dataspace.Connector.Protocol;
using Dataspace.Connector.Management;
using Dataspace.Sdk.Egress;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using DspAddress = Dataspace.Dsp.DataAddress;

namespace Dataspace.Connector.Transfer;

/// <summary>Management API: transfers, their pull endpoints, and downloading pulled data.</summary>
internal static class TransferManagementEndpoints
{
    /// <summary>The named HttpClient the consumer pulls data with.</summary>
    public const string PullClient = "dataplane-pull";

    /// <summary>Maps <c>/transfers</c> in the management API's group.</summary>
    public static RouteGroupBuilder MapTransferManagement(this RouteGroupBuilder api)
    {
        var transfers = api.MapGroup("/transfers").WithTags("Transfers");
        transfers.MapPost("/", async (TransferInput input, TransferManager manager, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(input.AgreementId) || string.IsNullOrWhiteSpace(input.TransferType))
            {
                return ManagementResults.BadRequest("'agreementId' and 'transferType' (e.g. HttpData-PULL) are required");
            }

            if (input.Destination is { } d && !ManagementResults.IsHttpUrl(d.Endpoint))
            {
                return ManagementResults.BadRequest("'destination.endpoint' must be an http(s) URL");
            }

            DspAddress? destination = input.Destination is null ? null : new DspAddress
            {
                EndpointType = Protocol.Dsp.DspDataAddresses.HttpEndpointType,
                Endpoint = input.Destination.Endpoint,
                EndpointProperties = [.. (input.Destination.Properties ?? []).Select(p => new Dataspace.Dsp.EndpointProperty { Name = p.Key, Value = p.Value })],
            };
            var result = await manager.RequestAsync(input.AgreementId, input.TransferType, destination, ct).ConfigureAwait(false);
            return result.Succeeded
                ? Results.Created($"{ManagementEndpoints.BasePath}/transfers/{Uri.EscapeDataString(result.Value!.Id)}", ToDto(result.Value))
                : result.Status == StatusCodes.Status404NotFound ? ManagementResults.NotFound(result.Reason!) : ManagementResults.BadRequest(result.Reason!);
        }).WithName("startTransfer").WithSummary("Asks the provider of an agreement for a transfer (pull, or push to a destination).");
        transfers.MapGet("/", async (int? offset, int? limit, string? role, string? state, ITransferStore store, CancellationToken ct) =>
        {
            ProcessRole? roleFilter = null;
            TransferState? stateFilter = null;
            if (role is not null)
            {
                if (!Enum.TryParse<ProcessRole>(role, true, out var r))
                {
                    return ManagementResults.BadRequest($"'role' must be provider or consumer, not '{role}'");
                }

                roleFilter = r;
            }

            if (state is not null)
            {
                if (!Enum.TryParse<TransferState>(state, true, out var s) || int.TryParse(state, out _))
                {
                    return ManagementResults.BadRequest($"'state' must be one of {string.Join(", ", Enum.GetNames<TransferState>().Select(n => n.ToUpperInvariant()))}, not '{state}'");
                }

                stateFilter = s;
            }

            var page = await store.ListAsync(ManagementResults.Page(offset, limit), roleFilter, stateFilter, ct).ConfigureAwait(false);
            return Results.Ok(new PageDto<TransferDto>([.. page.Items.Select(ToDto)], page.Total, page.Offset, page.Limit));
        }).WithName("listTransfers").WithSummary("Lists transfers, newest first; filter by role and state.");
        transfers.MapGet("/{id}", async (string id, ITransferStore store, CancellationToken ct) =>
            await store.GetAsync(id, ct).ConfigureAwait(false) is { } t ? Results.Ok(ToDto(t)) : ManagementResults.NotFound($"no transfer '{id}'"))
            .WithName("getTransfer");
        foreach (var action in Enum.GetValues<TransferAction>())
        {
            var name = action.ToString().ToLowerInvariant();
            transfers.MapPost($"/{{id}}/{name}", async (string id, ReasonInput? input, TransferManager manager, CancellationToken ct) =>
            {
                var result = await manager.ActAsync(id, action, input?.Reason, ct).ConfigureAwait(false);
                return result.Succeeded ? Results.Ok(ToDto(result.Value!))
                    : result.Status == StatusCodes.Status404NotFound ? ManagementResults.NotFound(result.Reason!)
                    : ManagementResults.Conflict(result.Reason!);
            }).WithName($"{name}Transfer").WithSummary($"{action}s a transfer; the other connector is told.");
        }

        transfers.MapGet("/{id}/edr", async (string id, ITransferStore store, CancellationToken ct) =>
        {
            var (edr, problem) = await EndpointAsync(id, store, ct).ConfigureAwait(false);
            return edr is null ? problem! : Results.Ok(edr);
        }).WithName("getEndpointDataReference").WithSummary("Where and with which token to pull a started transfer's data (consumer side).");
        transfers.MapGet("/{id}/data", DownloadAsync).WithName("downloadTransferData")
            .WithSummary("Streams a started pull transfer's data from the provider (consumer side); a Range header is passed on.");
        return api;
    }

    private static async Task<(EndpointDataReferenceDto? Edr, IResult? Problem)> EndpointAsync(string id, ITransferStore store, CancellationToken ct)
    {
        var record = await store.GetAsync(id, ct).ConfigureAwait(false);
        if (record is null)
        {
            return (null, ManagementResults.NotFound($"no transfer '{id}'"));
        }

        if (record.Role != ProcessRole.Consumer || record.State != TransferState.Started || record.DataAddress?.GetProperty("endpoint") is not { } endpoint)
        {
            return (null, ManagementResults.Conflict($"transfer '{id}' has no pull endpoint: it is a {record.Role.ToString().ToLowerInvariant()} {record.TransferType} transfer in state {record.State.ToDsp()}"));
        }

        return (new EndpointDataReferenceDto(id, endpoint, record.DataAddress.GetProperty("authType"), record.DataAddress.GetProperty("authorization")), null);
    }

    private static async Task DownloadAsync(string id, HttpContext http, ITransferStore store, IHttpClientFactory clients, Metering.ConsumerUsageRecorder usage, CancellationToken ct)
    {
        var (edr, problem) = await EndpointAsync(id, store, ct).ConfigureAwait(false);
        if (edr is null)
        {
            await problem!.ExecuteAsync(http).ConfigureAwait(false);
            return;
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, edr.Endpoint);
        if (edr.Authorization is { } token)
        {
            request.Headers.TryAddWithoutValidation("Authorization", string.Equals(edr.AuthType, "bearer", StringComparison.OrdinalIgnoreCase) ? "Bearer " + token : token);
        }

        if (http.Request.Headers.Range.Count > 0)
        {
            request.Headers.TryAddWithoutValidation("Range", http.Request.Headers.Range.ToString());
        }

        HttpResponseMessage response;
        try
        {
            response = await clients.CreateClient(PullClient).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            // Our own operator asked: the egress policy's reason says which setting would allow the address.
            var reason = e.EgressRefusal() is { } refusal
                ? $"the provider's data plane was not contacted: {refusal.Message}"
                : $"the provider's data plane could not be reached: {e.Message}";
            await ManagementResults.BadGateway(reason).ExecuteAsync(http).ConfigureAwait(false);
            return;
        }

        using (response)
        {
            http.Response.StatusCode = (int)response.StatusCode;
            foreach (var header in new[] { "Content-Type", "Content-Length", "Content-Range", "Accept-Ranges" })
            {
                if (response.Content.Headers.TryGetValues(header, out var values) || response.Headers.TryGetValues(header, out values))
                {
                    http.Response.Headers[header] = values.ToArray();
                }
            }

            await using var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            // The consumer's own usage record: what came through its connector from the provider's data plane.
            await usage.CopyAndRecordAsync(id, body, http.Response.Body, response.IsSuccessStatusCode, ct).ConfigureAwait(false);
        }
    }

    private static TransferDto ToDto(TransferProcessRecord t) =>
        new(t.Id, t.Role.ToString().ToLowerInvariant(), t.State.ToDsp(), t.ProviderPid, t.ConsumerPid, t.AgreementId, t.AssetId, t.TransferType,
            t.CounterPartyId, t.Error, t.CreatedAt, t.UpdatedAt);
}
