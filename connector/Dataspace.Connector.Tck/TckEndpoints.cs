using Dataspace.Connector.Negotiation;
using Dataspace.Connector.Protocol.Dsp;
using Dataspace.Connector.Storage.Sqlite;
using Dataspace.Connector.Transfer;
using Dataspace.Dsp;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Connector.Tck;

/// <summary>
/// The DSP TCK's trigger endpoints for its consumer-side cases, mapped only in TCK mode: the TCK asks our connector,
/// as consumer, to start a negotiation or a transfer with the TCK as provider. Callers authenticate like DSP peers.
/// </summary>
public static class TckEndpoints
{
    /// <summary>Where the TCK's <c>dataspacetck.dsp.connector.negotiation.initiate.url</c> points.</summary>
    public const string NegotiationInitiatePath = "/tck/negotiations/requests";

    /// <summary>Where the TCK's <c>dataspacetck.dsp.connector.transfer.initiate.url</c> points.</summary>
    public const string TransferInitiatePath = "/tck/transfers/requests";

    /// <summary>Maps the trigger endpoints when TCK mode is on (<c>Connector:Tck:SeedFile</c> set); otherwise maps nothing.</summary>
    public static IEndpointRouteBuilder MapTck(this IEndpointRouteBuilder endpoints)
    {
        if (endpoints.ServiceProvider.GetService<TckSeed>() is null)
        {
            return endpoints;
        }

        var tck = endpoints.MapGroup("/tck").AddEndpointFilter(AuthenticateAsync).ExcludeFromDescription();
        tck.MapPost("/negotiations/requests", async (TckNegotiationTrigger input, NegotiationManager negotiations, CancellationToken ct) =>
        {
            var problem = Missing(("providerId", input.ProviderId), ("offerId", input.OfferId), ("datasetId", input.DatasetId), ("connectorAddress", input.ConnectorAddress));
            if (problem is not null)
            {
                return problem;
            }

            // The TCK's provider has no catalog to read the offer from; it accepts its offer id with an unconstrained use.
            var offer = new OdrlPolicy
            {
                Id = input.OfferId,
                Type = "Offer",
                Target = input.DatasetId,
                Permission = [new OdrlRule { Action = "use" }],
            };
            var record = await negotiations.RequestAsync(input.ConnectorAddress!, input.ProviderId!, offer, ct).ConfigureAwait(false);
            return Results.Json(new { id = record.Id, state = record.State.ToDsp() }, statusCode: StatusCodes.Status201Created);
        });
        tck.MapPost("/transfers/requests", async (TckTransferTrigger input, TransferManager transfers, TckSeed seed, ConnectorDatabase database, CancellationToken ct) =>
        {
            var problem = Missing(("providerId", input.ProviderId), ("agreementId", input.AgreementId), ("format", input.Format), ("connectorAddress", input.ConnectorAddress));
            if (problem is not null)
            {
                return problem;
            }

            if (seed.Agreements.Any(a => a.Id == input.AgreementId && a.Side == "consumer"))
            {
                await TckSeeder.AddressConsumerAgreementAsync(database, input.AgreementId!, input.ConnectorAddress!, ct).ConfigureAwait(false);
            }

            var result = await transfers.RequestAsync(input.AgreementId!, input.Format!, null, ct).ConfigureAwait(false);
            return result.Succeeded
                ? Results.Json(new { id = result.Value!.Id, state = result.Value.State.ToDsp() }, statusCode: StatusCodes.Status201Created)
                : Results.Problem(title: result.Code, detail: result.Reason, statusCode: result.Status);
        });
        return endpoints;
    }

    private static IResult? Missing(params (string Name, string? Value)[] fields)
    {
        var missing = fields.Where(f => string.IsNullOrWhiteSpace(f.Value)).Select(f => f.Name).ToList();
        return missing.Count == 0
            ? null
            : Results.Problem(title: "invalid-trigger", detail: $"the TCK trigger lacks {string.Join(", ", missing)}; expected providerId, connectorAddress and offerId with datasetId (negotiation) or agreementId with format (transfer)",
                statusCode: StatusCodes.Status400BadRequest);
    }

    private static async ValueTask<object?> AuthenticateAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var result = await http.RequestServices.GetRequiredService<IDspCallerAuthenticator>().AuthenticateAsync(http, http.RequestAborted).ConfigureAwait(false);
        return result.Caller is null
            ? Results.Problem(title: "unauthorized", detail: result.FailureReason, statusCode: StatusCodes.Status401Unauthorized)
            : await next(context).ConfigureAwait(false);
    }
}
