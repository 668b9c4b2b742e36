using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dataspace.Identity.StatusLists;

/// <summary>Fetches status list credentials over HTTP(S) with an injected client.</summary>
/// <remarks>A network failure's text goes to the log under a correlation id; the reason, which may reach the caller, is the same for every failure.</remarks>
public sealed partial class HttpStatusListFetcher : IStatusListFetcher
{
    private readonly HttpClient _http;
    private readonly ILogger _logger;

    /// <summary>Creates the fetcher over an HTTP client the host configures.</summary>
    public HttpStatusListFetcher(HttpClient http)
        : this(http, NullLogger<HttpStatusListFetcher>.Instance)
    {
    }

    /// <summary>Creates the fetcher, logging network failures' details to <paramref name="logger"/>.</summary>
    public HttpStatusListFetcher(HttpClient http, ILogger<HttpStatusListFetcher> logger)
    {
        _http = http;
        _logger = logger;
    }

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
        catch (Exception e) when (e is HttpRequestException or IOException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var correlation = Guid.NewGuid().ToString("N")[..16];
            LogFetchFailed(_logger, url.ToString(), correlation, e);
            return new StatusListFetchResult { Reason = $"GET {url} could not be completed (correlation {correlation})" };
        }
    }

    [LoggerMessage(EventId = 4112, Level = LogLevel.Warning, Message = "Status list GET {Url} failed (correlation {Correlation})")]
    private static partial void LogFetchFailed(ILogger logger, string url, string correlation, Exception exception);
}
