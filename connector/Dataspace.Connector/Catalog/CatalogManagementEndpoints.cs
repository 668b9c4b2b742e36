using System.Text.Json.Nodes;
using Dataspace.Connector.Management;
using Dataspace.Connector.Negotiation;
using Dataspace.Dsp;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Dataspace.Connector.Catalog;

/// <summary>Management API: other connectors' catalogs.</summary>
internal static class CatalogManagementEndpoints
{
    /// <summary>Maps <c>/catalog/request</c> in the management API's group.</summary>
    public static RouteGroupBuilder MapCatalogManagement(this RouteGroupBuilder api)
    {
        api.MapPost("/catalog/request", async (CatalogRequestInput input, HttpContext http, RemoteCatalogClient client, DspSerializer serializer, CancellationToken ct) =>
        {
            var (address, id, unresolved) = await CounterParties.ResolveAsync(http, input.CounterPartyAddress, input.CounterPartyId, ct).ConfigureAwait(false);
            if (unresolved is not null)
            {
                return ManagementResults.BadRequest(unresolved);
            }

            input = input with { CounterPartyAddress = address, CounterPartyId = id };
            if (!ManagementResults.IsHttpUrl(input.CounterPartyAddress))
            {
                return ManagementResults.BadRequest("'counterPartyAddress' must be the other connector's DSP URL (http or https) or its DID");
            }

            var counterPartyId = string.IsNullOrWhiteSpace(input.CounterPartyId) ? null : input.CounterPartyId;
            var (catalog, error) = await client.RequestAsync(input.CounterPartyAddress!, counterPartyId, ct).ConfigureAwait(false);
            return catalog is null ? ManagementResults.BadGateway(error!) : Results.Ok(ToDto(catalog, input.CounterPartyAddress!, serializer));
        }).WithTags("Catalog").WithName("requestCatalog").WithSummary("Fetches another connector's catalog (the datasets and offers it shows this connector).");
        return api;
    }

    private static RemoteCatalogDto ToDto(Dataspace.Dsp.Catalog catalog, string address, DspSerializer serializer) =>
        new(catalog.ParticipantId, address,
            [.. (catalog.Dataset ?? []).Select(d => new RemoteDatasetDto(
                d.Id ?? "",
                d.Extensions is null ? [] : new JsonObject(d.Extensions.Select(e => KeyValuePair.Create(e.Key, JsonNode.Parse(e.Value.GetRawText())))),
                [.. (d.HasPolicy ?? []).Select(p => new RemoteOfferDto(p.Id ?? "", NegotiationManager.ToJson(p)))],
                [.. (d.Distribution ?? []).Select(x => x.Format).OfType<string>().Distinct()]))],
            JsonNode.Parse(serializer.Write(catalog))!);
}
