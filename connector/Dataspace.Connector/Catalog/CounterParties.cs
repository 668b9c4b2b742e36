using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Connector.Catalog;

/// <summary>Turns a counterparty given by DID (as <c>counterPartyAddress</c>, or as <c>counterPartyId</c> alone) into its DSP endpoint.</summary>
internal static class CounterParties
{
    /// <summary>The address and id to use, or the error to answer with.</summary>
    public static async Task<(string? Address, string? Id, string? Error)> ResolveAsync(HttpContext http, string? address, string? id, CancellationToken cancellationToken)
    {
        var did = address is not null && address.StartsWith("did:", StringComparison.Ordinal) ? address
            : string.IsNullOrWhiteSpace(address) && id is not null && id.StartsWith("did:", StringComparison.Ordinal) ? id
            : null;
        if (did is null)
        {
            return (address, string.IsNullOrWhiteSpace(id) ? null : id, null);
        }

        if (id is not null && !string.IsNullOrWhiteSpace(id) && id != did)
        {
            return (null, null, $"'counterPartyAddress' is the DID {did} but 'counterPartyId' is {id}; give one DID");
        }

        if (http.RequestServices.GetService<ICounterPartyResolver>() is not { } resolver)
        {
            return (null, null, $"{did} is a DID: this connector finds DSP endpoints by DID only with a DCP identity that joined a data space (dataspace join); give the provider's DSP URL instead");
        }

        var found = await resolver.ResolveAsync(did, cancellationToken).ConfigureAwait(false);
        return found.DspEndpoint is { } endpoint ? (endpoint, did, null) : (null, null, found.Error);
    }
}
