using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dataspace.Identity.Dcp;

/// <summary>Queries Credential Services over HTTP with an injected client.</summary>
/// <remarks>
/// The Credential Service URL comes from the caller's DID document, so nothing it answers (body, network error text)
/// goes back in the reason: the reason is generic with a correlation id, the log has the details.
/// </remarks>
public sealed partial class HttpCredentialServiceClient : ICredentialServiceClient
{
    private const int MaxLoggedAnswer = 500;

    private readonly HttpClient _http;
    private readonly ILogger _logger;

    /// <summary>Creates the client over an HTTP client the host configures.</summary>
    public HttpCredentialServiceClient(HttpClient http)
        : this(http, NullLogger<HttpCredentialServiceClient>.Instance)
    {
    }

    /// <summary>Creates the client, logging failures' details to <paramref name="logger"/>.</summary>
    public HttpCredentialServiceClient(HttpClient http, ILogger<HttpCredentialServiceClient> logger)
    {
        _http = http;
        _logger = logger;
    }

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
                return Failed(url, $"answered HTTP {(int)response.StatusCode}: {Truncate(body)}", null);
            }

            using var doc = JsonDocument.Parse(body);
            return PresentationResponseMessage.TryParse(doc.RootElement, out var message, out var reason)
                ? new CredentialQueryResult { Response = message }
                : Failed(url, "returned an invalid presentation response: " + reason, null);
        }
        catch (JsonException e)
        {
            return Failed(url, "returned invalid JSON", e);
        }
        catch (Exception e) when (e is HttpRequestException or IOException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return Failed(url, "could not be reached", e);
        }
    }

    private CredentialQueryResult Failed(Uri url, string detail, Exception? exception)
    {
        var correlation = Guid.NewGuid().ToString("N")[..16];
        LogQueryFailed(_logger, url.ToString(), correlation, detail, exception);
        return new CredentialQueryResult { Reason = $"the credential service could not be queried (correlation {correlation})" };
    }

    private static string Truncate(string text) => text.Length <= MaxLoggedAnswer ? text : text[..MaxLoggedAnswer] + "…";

    [LoggerMessage(EventId = 4111, Level = LogLevel.Warning, Message = "Credential Service query POST {Url} failed (correlation {Correlation}): {Detail}")]
    private static partial void LogQueryFailed(ILogger logger, string url, string correlation, string detail, Exception? exception);
}
