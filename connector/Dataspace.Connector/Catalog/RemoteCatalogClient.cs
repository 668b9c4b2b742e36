using Dataspace.Connector.Protocol.Dsp;
using Dataspace.Dsp;
using Dataspace.JsonLd;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.Catalog;

/// <summary>Asks another connector for its catalog over DSP, following its pages (<c>Link: rel="next"</c>).</summary>
public sealed class RemoteCatalogClient
{
    // A bound on pages followed, so that a peer answering with links forever cannot keep us busy.
    private const int MaxPages = 1000;

    private readonly DspClient _client;
    private readonly DspSerializer _serializer;
    private readonly IOptions<DspOptions> _options;

    /// <summary>Creates the client.</summary>
    public RemoteCatalogClient(DspClient client, DspSerializer serializer, IOptions<DspOptions> options)
    {
        _client = client;
        _serializer = serializer;
        _options = options;
    }

    /// <summary>The peer's catalog (every page's datasets), or the reason it could not be had.</summary>
    public async Task<(Dataspace.Dsp.Catalog? Catalog, string? Error)> RequestAsync(string dspUrl, string? counterPartyId, CancellationToken cancellationToken)
    {
        var origin = new Uri(dspUrl);
        var url = dspUrl.TrimEnd('/') + "/catalog/request";
        Dataspace.Dsp.Catalog? catalog = null;
        long bytes = 0;
        for (var page = 1; ; page++)
        {
            var response = await _client.PostAsync(url, _serializer.Write(new CatalogRequestMessage()), counterPartyId ?? dspUrl, cancellationToken).ConfigureAwait(false);
            if (page == 1 && response.Status == System.Net.HttpStatusCode.NotFound)
            {
                // The usual first mistake is the connector's root URL instead of its DSP endpoint: say which URL to use.
                var suggestion = origin.AbsolutePath.TrimEnd('/').EndsWith(DspOptions.BasePath, StringComparison.OrdinalIgnoreCase)
                    ? ""
                    : $" (for this connector most likely {origin.GetLeftPart(UriPartial.Authority)}{origin.AbsolutePath.TrimEnd('/')}{DspOptions.BasePath})";
                return (null, $"the catalog request to {url} answered 404 Not Found: '{dspUrl}' is not a DSP endpoint; give the other connector's DSP endpoint{suggestion}, "
                    + "which its start banner and its GET /api/management/v1/info (endpoints.dsp) show");
            }

            if (!response.IsSuccess)
            {
                return (null, $"the catalog request{(page > 1 ? $" for page {page}" : "")} failed: " + response.DescribeWithAnswer());
            }

            // Each page is bounded by the DSP client; the whole catalog is bounded here, so many pages cannot add up.
            bytes += response.Body.Length;
            if (bytes > _options.Value.MaxCatalogBytes)
            {
                return (null, $"the peer's catalog exceeds {_options.Value.MaxCatalogBytes} bytes over {page} pages (Connector:Dsp:MaxCatalogBytes)");
            }

            Dataspace.Dsp.Catalog current;
            try
            {
                current = await _serializer.ReadAsync<Dataspace.Dsp.Catalog>(response.Body, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is DspMessageException or JsonLdException or System.Text.Json.JsonException)
            {
                return (null, $"the peer's catalog{(page > 1 ? $" page {page}" : "")} is not a valid DSP catalog: {e.Message}");
            }

            catalog = catalog is null ? current : catalog with { Dataset = [.. catalog.Dataset ?? [], .. current.Dataset ?? []] };
            if (catalog.Dataset?.Count > _options.Value.MaxCatalogDatasets)
            {
                return (null, $"the peer's catalog has more than {_options.Value.MaxCatalogDatasets} datasets (Connector:Dsp:MaxCatalogDatasets)");
            }

            if (LinkHeaders.Next(response.Links) is not { } next)
            {
                return (catalog, null);
            }

            // Our token goes with each request: only to the peer we were asked to talk to.
            if (!Uri.TryCreate(origin, next, out var nextUri) || !string.Equals(nextUri.GetLeftPart(UriPartial.Authority), origin.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase))
            {
                return (null, $"the peer's catalog page {page} links its next page to '{next}', which is not at {origin.GetLeftPart(UriPartial.Authority)}");
            }

            if (page == MaxPages)
            {
                return (null, $"the peer's catalog has more than {MaxPages} pages");
            }

            url = nextUri.ToString();
        }
    }
}
