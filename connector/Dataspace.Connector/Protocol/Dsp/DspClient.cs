using System.Net;
using System.Net.Http.Headers;

namespace Dataspace.Connector.Protocol.Dsp;

/// <summary>Sends DSP messages to peers over HTTPS (or HTTP on loopback), with our identity token.</summary>
public sealed class DspClient
{
    /// <summary>The named HttpClient used for DSP calls.</summary>
    public const string HttpClientName = "dsp";

    private readonly IHttpClientFactory _http;
    private readonly IDspTokenProvider _tokens;

    /// <summary>Creates the client.</summary>
    public DspClient(IHttpClientFactory http, IDspTokenProvider tokens)
    {
        _http = http;
        _tokens = tokens;
    }

    /// <summary>POSTs <paramref name="body"/> to <paramref name="url"/>; returns the status and response body.</summary>
    public Task<DspResponse> PostAsync(string url, byte[] body, string counterPartyId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, url, body, counterPartyId, cancellationToken);

    /// <summary>GETs <paramref name="url"/> (a process or dataset).</summary>
    public Task<DspResponse> GetAsync(string url, string counterPartyId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, url, null, counterPartyId, cancellationToken);

    private async Task<DspResponse> SendAsync(HttpMethod method, string url, byte[]? body, string counterPartyId, CancellationToken cancellationToken)
    {
        // A peer address comes from a peer's message or an operator: one that is not an absolute http(s) URL is a failed
        // delivery with its reason, not an exception that would stop the outbox.
        if (!Uri.TryCreate(url, UriKind.Absolute, out var target) || (target.Scheme != Uri.UriSchemeHttp && target.Scheme != Uri.UriSchemeHttps))
        {
            return new DspResponse(null, [], $"'{url}' is not an absolute http(s) URL, so no message can be sent to it");
        }

        using var request = new HttpRequestMessage(method, target);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        if (await _tokens.GetTokenAsync(counterPartyId, cancellationToken).ConfigureAwait(false) is { } token)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        }

        try
        {
            using var response = await _http.CreateClient(HttpClientName).SendAsync(request, cancellationToken).ConfigureAwait(false);
            var content = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            return new DspResponse(response.StatusCode, content, null) { Links = response.Headers.TryGetValues("Link", out var links) ? [.. links] : [] };
        }
        catch (DspRequestNotSentException e)
        {
            return new DspResponse(null, [], $"nothing was sent to {url}: {e.Message}");
        }
        catch (HttpRequestException e)
        {
            return new DspResponse(null, [], $"{url} could not be reached: {e.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DspResponse(null, [], $"{url} did not answer in time");
        }
    }
}
