using DspAddress = Dataspace.Dsp.DataAddress;
using SdkAddress = Dataspace.Sdk.Transfer.DataAddress;

namespace Dataspace.Connector.Protocol.Dsp;

/// <summary>
/// Maps between the DSP DataAddress (endpointType, endpoint, endpointProperties) and the SDK's address (type and
/// properties): the endpoint goes in property <c>endpoint</c>, each endpoint property becomes a property of its name.
/// An HTTP endpoint given by a consumer as push destination becomes an <c>HttpData</c> address with <c>baseUrl</c>.
/// </summary>
public static class DspDataAddresses
{
    /// <summary>The DSP endpoint type of HTTP endpoints.</summary>
    public const string HttpEndpointType = "https://w3id.org/idsa/v4.1/HTTP";

    /// <summary>The namespace Eclipse EDC names endpoint properties in (<c>https://w3id.org/edc/v0.0.1/ns/authorization</c>, ...).</summary>
    public const string EdcNamespace = "https://w3id.org/edc/v0.0.1/ns/";

    // The endpoint properties we read from a provider's address, which EDC providers send under EDC's namespace.
    private static readonly string[] EdcNamed = ["endpoint", "authorization", "authType"];

    /// <summary>The SDK address of a DSP one; EDC-namespace names of <c>endpoint</c>, <c>authorization</c> and <c>authType</c> become ours.</summary>
    public static SdkAddress ToSdk(DspAddress address)
    {
        var properties = (address.EndpointProperties ?? []).ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
        if (address.Endpoint is { } endpoint)
        {
            properties["endpoint"] = endpoint;
        }

        foreach (var name in EdcNamed)
        {
            // Our own name wins; EDC sends the endpoint both as the DSP endpoint and as an EDC-named property.
            if (properties.Remove(EdcNamespace + name, out var value))
            {
                properties.TryAdd(name, value);
            }
        }

        return new SdkAddress(address.EndpointType, properties);
    }

    /// <summary>A consumer's push destination as an address an <c>HttpData</c> sink writes to.</summary>
    public static SdkAddress ToPushDestination(DspAddress address)
    {
        var properties = (address.EndpointProperties ?? []).ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
        if (address.Endpoint is { } endpoint)
        {
            properties["baseUrl"] = endpoint;
        }

        return new SdkAddress(address.EndpointType == HttpEndpointType ? Sdk.Transfer.DataAddressTypes.HttpData : address.EndpointType, properties);
    }

    /// <summary>The DSP address of an SDK one (the inverse of <see cref="ToSdk"/>).</summary>
    public static DspAddress ToDsp(SdkAddress address) => new()
    {
        EndpointType = address.Type,
        Endpoint = address.GetProperty("endpoint"),
        EndpointProperties = [.. address.Properties.Where(p => p.Key != "endpoint").OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => new Dataspace.Dsp.EndpointProperty { Name = p.Key, Value = p.Value })],
    };
}
