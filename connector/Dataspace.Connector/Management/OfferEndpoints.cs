using Dataspace.Connector.Offers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Connector.Management;

/// <summary>Management API: offers.</summary>
internal static class OfferEndpoints
{
    public static void MapOffers(this RouteGroupBuilder api)
    {
        var offers = api.MapGroup("/offers").WithTags("Offers");
        offers.MapPost("/", async (OfferInput input, IOfferStore store, TimeProvider time, CancellationToken ct) =>
        {
            var id = input.Id ?? ManagementResults.NewId();
            if (!ManagementResults.ValidId(id))
            {
                return ManagementResults.BadRequest("'id' must be 1 to 256 characters without control characters, '/' or '\\'");
            }

            if (string.IsNullOrWhiteSpace(input.AssetId) || string.IsNullOrWhiteSpace(input.AccessPolicyId) || string.IsNullOrWhiteSpace(input.ContractPolicyId))
            {
                return ManagementResults.BadRequest("'assetId', 'accessPolicyId' and 'contractPolicyId' are required");
            }

            var offer = new OfferDefinition(id, input.AssetId, input.AccessPolicyId, input.ContractPolicyId, time.GetUtcNow());
            return await store.CreateAsync(offer, ct).ConfigureAwait(false) is { } error
                ? error.StartsWith("an offer", StringComparison.Ordinal) ? ManagementResults.Conflict(error) : ManagementResults.BadRequest(error)
                : Results.Created($"{ManagementEndpoints.BasePath}/offers/{Uri.EscapeDataString(id)}", ToDto(offer));
        }).WithName("createOffer").WithSummary("Offers an asset: who may see it (access policy) and what a consumer agrees to (contract policy).");
        offers.MapGet("/", async (int? offset, int? limit, string? assetId, IOfferStore store, CancellationToken ct) =>
        {
            var page = await store.ListAsync(ManagementResults.Page(offset, limit), assetId, ct).ConfigureAwait(false);
            return Results.Ok(new PageDto<OfferDto>([.. page.Items.Select(ToDto)], page.Total, page.Offset, page.Limit));
        }).WithName("listOffers");
        offers.MapGet("/{id}", async (string id, IOfferStore store, CancellationToken ct) =>
            await store.GetAsync(id, ct).ConfigureAwait(false) is { } o ? Results.Ok(ToDto(o)) : ManagementResults.NotFound($"no offer '{id}'"))
            .WithName("getOffer");
        offers.MapDelete("/{id}", async (string id, IOfferStore store, CancellationToken ct) =>
            await store.DeleteAsync(id, ct).ConfigureAwait(false) ? Results.NoContent() : ManagementResults.NotFound($"no offer '{id}'"))
            .WithAuditedResource(async (id, services, ct) =>
                await services.GetRequiredService<IOfferStore>().GetAsync(id, ct).ConfigureAwait(false) is { } o ? ToDto(o) : null)
            .WithName("deleteOffer");
    }

    private static OfferDto ToDto(OfferDefinition o) => new(o.Id, o.AssetId, o.AccessPolicyId, o.ContractPolicyId, o.CreatedAt);
}
