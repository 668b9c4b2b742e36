using System.Text.Json.Nodes;
using Dataspace.Connector.Client;

namespace Dataspace.Portal.Components.Common;

/// <summary>Finds another participant's DSP endpoint from its DID document, resolved by the operator's own connector.</summary>
public static class CatalogAddress
{
    /// <summary>The service type DID documents use for a connector's DSP endpoint.</summary>
    public const string DspServiceType = "DataService";

    /// <summary>The DSP endpoint named in the DID document of <paramref name="did"/>.</summary>
    /// <exception cref="ManagementApiException">The DID cannot be resolved, or its document names no DSP endpoint.</exception>
    public static async Task<string> ResolveDspEndpointAsync(ManagementClient client, string did, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var document = await client.ResolveDidAsync(did, cancellationToken).ConfigureAwait(false);
        return FindDspEndpoint(document)
            ?? throw new ManagementApiException($"the DID document of {did} names no DSP endpoint (a service of type {DspServiceType}); enter the connector's DSP URL instead");
    }

    /// <summary>The endpoint of the first DSP service (<c>DataService</c>) in a DID document, or null.</summary>
    public static string? FindDspEndpoint(JsonObject document)
    {
        ArgumentNullException.ThrowIfNull(document);
        foreach (var service in document["service"] as JsonArray ?? [])
        {
            if (service is JsonObject s && (s["type"]?.ToString() == DspServiceType || (s["type"] as JsonArray)?.Any(t => t?.ToString() == DspServiceType) == true))
            {
                return s["serviceEndpoint"] switch
                {
                    JsonValue v => v.ToString(),
                    JsonObject o => (o["uri"] ?? o["url"])?.ToString(),
                    JsonArray a => a.FirstOrDefault()?.ToString(),
                    _ => null,
                };
            }
        }

        return null;
    }
}
