using Dataspace.Connector.Protocol.Dsp;
using Dataspace.Dsp;
using Dataspace.Sdk.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.Catalog;

/// <summary>The catalog's Dataspace Protocol 2025-1 endpoints (provider side).</summary>
internal static class CatalogDspEndpoints
{
    /// <summary>Maps <c>catalog/request</c> and <c>catalog/datasets/{id}</c> in the DSP group.</summary>
    public static RouteGroupBuilder MapCatalogDsp(this RouteGroupBuilder dsp)
    {
        dsp.MapPost("/catalog/request", async (HttpContext http, CatalogService catalog, DspSerializer serializer, DspResults results, IOptions<DspOptions> options) =>
        {
            var (message, error) = await DspRequests.ReadAsync<CatalogRequestMessage>(http.Request, serializer, options.Value.MaxMessageBytes, http.RequestAborted).ConfigureAwait(false);
            if (message is null)
            {
                return results.CatalogError(StatusCodes.Status400BadRequest, "invalid-message", error!);
            }

            var token = http.Request.Query["continuationToken"].ToString();
            if (DatasetManifest.IsRequested(message.Filter))
            {
                // Our extension (docs/federated-catalog.md): the id and digest of each dataset this requester may see.
                if (await catalog.BuildManifestPageAsync(DspEndpoints.Caller(http), token.Length == 0 ? null : token, http.RequestAborted).ConfigureAwait(false) is not { } manifest)
                {
                    return results.CatalogError(StatusCodes.Status400BadRequest, "invalid-continuation-token", "the continuationToken is not one this manifest issued; follow the Link headers of a manifest response");
                }

                if (manifest.Next is not null)
                {
                    http.Response.Headers.Append("Link", $"<{catalog.PageUrl(manifest.Next)}>; rel=\"next\"");
                }

                return Results.Bytes(manifest.Body, "application/json");
            }

            if (!CatalogQuery.TryRead(message.Filter, out var query, out var filterError))
            {
                return results.CatalogError(StatusCodes.Status400BadRequest, "unsupported-filter", filterError!);
            }

            if (await catalog.BuildPageAsync(DspEndpoints.Caller(http), token.Length == 0 ? null : token, query, http.RequestAborted).ConfigureAwait(false) is not { } page)
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
            await catalog.GetDatasetAsync(DspEndpoints.Caller(http), id, http.RequestAborted).ConfigureAwait(false) is { } dataset
                ? results.Message(dataset)
                : results.CatalogError(StatusCodes.Status404NotFound, "not-found", $"no dataset '{id}' for you"));
        return dsp;
    }
}
