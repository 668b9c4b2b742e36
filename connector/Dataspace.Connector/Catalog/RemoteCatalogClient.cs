using Dataspace.Connector.Protocol.Dsp;
using Dataspace.Dsp;
using Dataspace.JsonLd;

namespace Dataspace.Connector.Catalog;

/// <summary>Asks another connector for its catalog over DSP.</summary>
public sealed class RemoteCatalogClient
{
    private readonly DspClient _client;
    private readonly DspSerializer _serializer;

    /// <summary>Creates the client.</summary>
    public RemoteCatalogClient(DspClient client, DspSerializer serializer)
    {
        _client = client;
        _serializer = serializer;
    }

    /// <summary>The peer's catalog, or the reason it could not be had.</summary>
    public async Task<(Dataspace.Dsp.Catalog? Catalog, string? Error)> RequestAsync(string dspUrl, string? counterPartyId, CancellationToken cancellationToken)
    {
        var response = await _client.PostAsync(dspUrl.TrimEnd('/') + "/catalog/request", _serializer.Write(new CatalogRequestMessage()), counterPartyId ?? dspUrl, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccess)
        {
            return (null, "the catalog request failed: " + response.Describe());
        }

        try
        {
            return (await _serializer.ReadAsync<Dataspace.Dsp.Catalog>(response.Body, cancellationToken).ConfigureAwait(false), null);
        }
        catch (Exception e) when (e is DspMessageException or JsonLdException or System.Text.Json.JsonException)
        {
            return (null, $"the peer's catalog is not a valid DSP catalog: {e.Message}");
        }
    }
}
