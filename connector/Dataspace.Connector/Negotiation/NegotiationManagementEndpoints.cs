using Dataspace.Connector.Catalog;
using Dataspace.Connector.Management;
using Dataspace.Dsp;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Dataspace.Connector.Negotiation;

/// <summary>Management API: negotiations with other connectors, and agreements.</summary>
internal static class NegotiationManagementEndpoints
{
    /// <summary>Maps <c>/negotiations</c> and <c>/agreements</c> in the management API's group.</summary>
    public static RouteGroupBuilder MapNegotiationManagement(this RouteGroupBuilder api)
    {
        var negotiations = api.MapGroup("/negotiations").WithTags("Negotiations");
        negotiations.MapPost("/", async (NegotiationInput input, HttpContext http, RemoteCatalogClient client, NegotiationManager manager, CancellationToken ct) =>
        {
            // A provider given by DID: its DSP endpoint comes from the data space's participant registry.
            var (address, id, unresolved) = await CounterParties.ResolveAsync(http, input.CounterPartyAddress, input.CounterPartyId, ct).ConfigureAwait(false);
            if (unresolved is not null)
            {
                return ManagementResults.BadRequest(unresolved);
            }

            input = input with { CounterPartyAddress = address, CounterPartyId = id };
            if (!ManagementResults.IsHttpUrl(input.CounterPartyAddress) || string.IsNullOrWhiteSpace(input.OfferId))
            {
                return ManagementResults.BadRequest("'counterPartyAddress' (the provider's DSP URL or DID) and 'offerId' (from its catalog) are required");
            }

            if (input.Policy is not null)
            {
                return await StartWithOfferAsync(input, manager, ct).ConfigureAwait(false);
            }

            var (catalog, error) = await client.RequestAsync(input.CounterPartyAddress!, input.CounterPartyId, ct).ConfigureAwait(false);
            if (catalog is null)
            {
                return ManagementResults.BadGateway(error!);
            }

            var match = (catalog.Dataset ?? []).SelectMany(d => (d.HasPolicy ?? []).Select(p => (Dataset: d, Offer: p))).FirstOrDefault(x => x.Offer.Id == input.OfferId);
            if (match.Offer is null)
            {
                return ManagementResults.BadRequest($"the provider's catalog shows this connector no offer '{input.OfferId}'");
            }

            var providerId = input.CounterPartyId ?? catalog.ParticipantId;
            if (string.IsNullOrWhiteSpace(providerId))
            {
                return ManagementResults.BadRequest("the provider's catalog names no participantId; give 'counterPartyId'");
            }

            var record = await manager.RequestAsync(input.CounterPartyAddress!, providerId, match.Offer with { Target = match.Dataset.Id }, ct).ConfigureAwait(false);
            return Results.Created($"{ManagementEndpoints.BasePath}/negotiations/{Uri.EscapeDataString(record.Id)}", ToDto(record));
        }).WithName("startNegotiation").WithSummary("Negotiates a contract for an offer in another connector's catalog.");
        negotiations.MapGet("/", async (int? offset, int? limit, string? role, string? state, INegotiationStore store, CancellationToken ct) =>
        {
            ProcessRole? roleFilter = null;
            NegotiationState? stateFilter = null;
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
                if (!Enum.TryParse<NegotiationState>(state, true, out var s) || int.TryParse(state, out _))
                {
                    return ManagementResults.BadRequest($"'state' must be one of {string.Join(", ", Enum.GetNames<NegotiationState>().Select(n => n.ToUpperInvariant()))}, not '{state}'");
                }

                stateFilter = s;
            }

            var page = await store.ListAsync(ManagementResults.Page(offset, limit), roleFilter, stateFilter, ct).ConfigureAwait(false);
            return Results.Ok(new PageDto<NegotiationDto>([.. page.Items.Select(ToDto)], page.Total, page.Offset, page.Limit));
        }).WithName("listNegotiations").WithSummary("Lists negotiations, newest first; filter by role and state.");
        negotiations.MapGet("/{id}", async (string id, INegotiationStore store, CancellationToken ct) =>
            await store.GetAsync(id, ct).ConfigureAwait(false) is { } n ? Results.Ok(ToDto(n)) : ManagementResults.NotFound($"no negotiation '{id}'"))
            .WithName("getNegotiation");
        negotiations.MapPost("/{id}/terminate", async (string id, ReasonInput? input, NegotiationManager manager, CancellationToken ct) =>
            Outcome(await manager.TerminateAsync(id, input?.Reason ?? "terminated by the operator", ct).ConfigureAwait(false)))
            .WithName("terminateNegotiation").WithSummary("Ends a negotiation; the other connector is told.");
        negotiations.MapPost("/{id}/accept", async (string id, NegotiationManager manager, CancellationToken ct) =>
            Outcome(await manager.AcceptOfferAsync(id, ct).ConfigureAwait(false)))
            .WithName("acceptOffer").WithSummary("Accepts the provider's latest offer (consumer side, OFFERED).");

        var agreements = api.MapGroup("/agreements").WithTags("Agreements");
        agreements.MapGet("/", async (int? offset, int? limit, string? assetId, IAgreementStore store, CancellationToken ct) =>
        {
            var page = await store.ListAsync(ManagementResults.Page(offset, limit), assetId, ct).ConfigureAwait(false);
            return Results.Ok(new PageDto<AgreementDto>([.. page.Items.Select(ToDto)], page.Total, page.Offset, page.Limit));
        }).WithName("listAgreements");
        agreements.MapGet("/{id}", async (string id, IAgreementStore store, CancellationToken ct) =>
            await store.GetAsync(id, ct).ConfigureAwait(false) is { } a ? Results.Ok(ToDto(a)) : ManagementResults.NotFound($"no agreement '{id}'"))
            .WithName("getAgreement");
        return api;
    }

    /// <summary>
    /// Starts a negotiation for an offer the caller already has from the provider's catalog, without fetching the catalog
    /// again (each fetch is a DSP round trip and a catalog built for us). The provider checks the offer as for any
    /// request (it exists, we may see it, its target and rules are its own) and refuses it otherwise: the negotiation
    /// then ends TERMINATED with the provider's reason.
    /// </summary>
    private static async Task<IResult> StartWithOfferAsync(NegotiationInput input, NegotiationManager manager, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(input.CounterPartyId) || string.IsNullOrWhiteSpace(input.DatasetId))
        {
            return ManagementResults.BadRequest("an offer given as 'policy' also needs 'datasetId' (the id of the catalog dataset offering it) and 'counterPartyId' (the provider's participant id)");
        }

        OdrlPolicy offer;
        try
        {
            offer = NegotiationManager.FromJson(input.Policy!);
        }
        catch (System.Text.Json.JsonException e)
        {
            return ManagementResults.BadRequest($"'policy' is not an offer as the catalog lists it (datasets[].offers[].policy): {e.Message}");
        }

        if (offer.Id is { } id && id != input.OfferId)
        {
            return ManagementResults.BadRequest($"'policy' is offer '{id}', not the 'offerId' '{input.OfferId}'");
        }

        if (offer.Target is { } target && target != input.DatasetId)
        {
            return ManagementResults.BadRequest($"'policy' targets '{target}', not the 'datasetId' '{input.DatasetId}'");
        }

        var record = await manager.RequestAsync(input.CounterPartyAddress!, input.CounterPartyId, offer with { Id = input.OfferId, Target = input.DatasetId }, ct).ConfigureAwait(false);
        return Results.Created($"{ManagementEndpoints.BasePath}/negotiations/{Uri.EscapeDataString(record.Id)}", ToDto(record));
    }

    private static IResult Outcome(Protocol.ProtocolResult<ContractNegotiationRecord> result) =>
        result.Succeeded ? Results.Ok(ToDto(result.Value!))
        : result.Status == StatusCodes.Status404NotFound ? ManagementResults.NotFound(result.Reason!)
        : ManagementResults.Conflict(result.Reason!);

    internal static NegotiationDto ToDto(ContractNegotiationRecord n) =>
        new(n.Id, n.Role.ToString().ToLowerInvariant(), n.State.ToDsp(), n.ProviderPid, n.ConsumerPid, n.CounterPartyId, n.CounterPartyAddress,
            n.OfferId, n.AssetId, n.AgreementId, n.Error, n.CreatedAt, n.UpdatedAt);

    private static AgreementDto ToDto(ContractAgreementRecord a) => new(a.Id, a.NegotiationId, a.ProviderId, a.ConsumerId, a.AssetId, a.Policy, a.SignedAt);
}
