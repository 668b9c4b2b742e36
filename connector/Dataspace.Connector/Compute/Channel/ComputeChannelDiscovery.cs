using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Dataspace.Sdk.Egress;

namespace Dataspace.Connector.Compute.Channel;

/// <summary>Finds a peer's compute channel address from its DSP endpoint (<see cref="ComputeChannelProtocol.WellKnownPath"/>).</summary>
/// <remarks>The request goes through an HTTP client under the egress policy, which decides where it may go.</remarks>
internal sealed class ComputeChannelDiscovery
{
    /// <summary>The named HttpClient for discovery: under the egress policy, without the DSP client's token handlers (the document is public).</summary>
    public const string HttpClientName = "compute-discovery";

    private const int MaxDocumentBytes = 16 * 1024;
    private readonly IHttpClientFactory _http;
    private readonly IEgressPolicy _egress;

    public ComputeChannelDiscovery(IHttpClientFactory http, IEgressPolicy egress)
    {
        _http = http;
        _egress = egress;
    }

    /// <summary>The peer's channel address.</summary>
    /// <exception cref="ComputeChannelUnreachableException">The peer cannot be asked, or answers with no usable address.</exception>
    public async Task<Uri> ResolveAsync(Uri dspEndpoint, CancellationToken cancellationToken)
    {
        var check = _egress.Check(dspEndpoint);
        if (!check.Allowed)
        {
            throw new ComputeChannelUnreachableException($"{dspEndpoint} is refused by our egress policy: {check.Reason}", permanent: true);
        }

        var url = new Uri(dspEndpoint.GetLeftPart(UriPartial.Authority) + ComputeChannelProtocol.WellKnownPath);
        Document? document;
        try
        {
            using var response = await _http.CreateClient(HttpClientName).GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new ComputeChannelUnreachableException($"{url} answered {(int)response.StatusCode}: the peer names no compute channel", permanent: false);
            }

            if (response.Content.Headers.ContentLength > MaxDocumentBytes)
            {
                throw new ComputeChannelUnreachableException($"{url} answered with more than {MaxDocumentBytes} bytes", permanent: true);
            }

            document = await response.Content.ReadFromJsonAsync<Document>(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (e.EgressRefusal() is { } refusal)
        {
            throw new ComputeChannelUnreachableException($"{url} is refused by our egress policy: {refusal.Message}", permanent: true, e);
        }
        catch (HttpRequestException e)
        {
            throw new ComputeChannelUnreachableException($"{url} could not be reached: {e.Message}", permanent: false, e);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new ComputeChannelUnreachableException($"{url} is not a compute channel document ({{\"channel\": \"http://host:port\"}}): {e.Message}", permanent: true, e);
        }

        if (document?.Channel is not { } channel || !Uri.TryCreate(channel, UriKind.Absolute, out var address)
            || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
        {
            throw new ComputeChannelUnreachableException($"{url} names no absolute http(s) compute channel address (\"channel\")", permanent: true);
        }

        var target = _egress.Check(address);
        if (!target.Allowed)
        {
            throw new ComputeChannelUnreachableException($"the compute channel address {address} is refused by our egress policy: {target.Reason}", permanent: true);
        }

        return address;
    }

    internal sealed record Document([property: JsonPropertyName("channel")] string? Channel);
}
