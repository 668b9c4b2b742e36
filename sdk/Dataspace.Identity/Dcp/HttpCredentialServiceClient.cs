using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Dataspace.Identity.Dcp;

/// <summary>Queries Credential Services over HTTP with an injected client.</summary>
public sealed class HttpCredentialServiceClient : ICredentialServiceClient
{
    private readonly HttpClient _http;

    /// <summary>Creates the client over an HTTP client the host configures.</summary>
    public HttpCredentialServiceClient(HttpClient http) => _http = http;

    /// <inheritdoc/>
    public async Task<CredentialQueryResult> QueryAsync(Uri credentialService, string bearerToken, PresentationQueryMessage query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentialService);
        ArgumentNullException.ThrowIfNull(query);
        var url = new Uri(credentialService.AbsoluteUri.TrimEnd('/') + "/presentations/query");
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(query.ToJson().ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return new CredentialQueryResult { Reason = $"POST {url} answered HTTP {(int)response.StatusCode}: {Truncate(body)}" };
            }

            using var doc = JsonDocument.Parse(body);
            return PresentationResponseMessage.TryParse(doc.RootElement, out var message, out var reason)
                ? new CredentialQueryResult { Response = message }
                : new CredentialQueryResult { Reason = $"POST {url} returned an invalid response: {reason}" };
        }
        catch (JsonException e)
        {
            return new CredentialQueryResult { Reason = $"POST {url} returned invalid JSON: {e.Message}" };
        }
        catch (HttpRequestException e)
        {
            return new CredentialQueryResult { Reason = $"POST {url} failed: {e.Message}" };
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            return new CredentialQueryResult { Reason = $"POST {url} timed out: {e.Message}" };
        }
    }

    private static string Truncate(string text) => text.Length <= 500 ? text : text[..500] + "…";
}
