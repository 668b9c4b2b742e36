using System.Net.Http.Headers;

namespace Dataspace.Identity.StatusLists;

/// <summary>Fetches status list credentials over HTTP(S) with an injected client.</summary>
public sealed class HttpStatusListFetcher : IStatusListFetcher
{
    private readonly HttpClient _http;

    /// <summary>Creates the fetcher over an HTTP client the host configures.</summary>
    public HttpStatusListFetcher(HttpClient http) => _http = http;

    /// <inheritdoc/>
    public async Task<StatusListFetchResult> FetchAsync(Uri url, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vc+jwt"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/jwt"));
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return new StatusListFetchResult { Reason = $"GET {url} answered HTTP {(int)response.StatusCode}" };
            }

            var body = (await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)).Trim().Trim('"');
            return body.Count(c => c == '.') == 2
                ? new StatusListFetchResult { Jwt = body }
                : new StatusListFetchResult { Reason = $"GET {url} did not return a status list credential as a JWT" };
        }
        catch (HttpRequestException e)
        {
            return new StatusListFetchResult { Reason = $"GET {url} failed: {e.Message}" };
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            return new StatusListFetchResult { Reason = $"GET {url} timed out: {e.Message}" };
        }
    }
}
