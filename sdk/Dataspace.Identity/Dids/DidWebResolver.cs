using System.Net;
using System.Text.Json;
using Dataspace.Sdk.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dataspace.Identity.Dids;

/// <summary>Resolves did:web DIDs by fetching their DID documents over HTTPS (plain HTTP only for loopback in test mode).</summary>
/// <remarks>
/// The DID is chosen by whoever presents a token, so a network failure reads the same to them whatever it was
/// (refused, reset, TLS, timeout, egress policy): the details go to the log under the correlation id in the reason.
/// </remarks>
public sealed partial class DidWebResolver : IDidResolver
{
    private readonly HttpClient _http;
    private readonly DidWebOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates the resolver over an HTTP client the host configures (timeouts, proxies, TLS).</summary>
    public DidWebResolver(HttpClient http, DidWebOptions options)
        : this(http, options, NullLogger<DidWebResolver>.Instance)
    {
    }

    /// <summary>Creates the resolver, logging network failures' details to <paramref name="logger"/>.</summary>
    public DidWebResolver(HttpClient http, DidWebOptions options, ILogger<DidWebResolver> logger)
    {
        _http = http;
        _options = options;
        _logger = logger;
    }

    /// <inheritdoc/>
    public string Method => "web";

    /// <inheritdoc/>
    public async Task<DidResolutionResult> ResolveAsync(DidResolutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!DidWeb.TryGetDocumentUrl(context.Did, useHttp: false, out var url, out var reason))
        {
            return DidResolutionResult.Fail(DidResolutionErrors.InvalidDid, reason);
        }

        if (_options.AllowHttpForLoopback && DidWeb.IsLoopback(url))
        {
            url = new UriBuilder(url) { Scheme = Uri.UriSchemeHttp, Port = url.Port == 443 ? 80 : url.Port }.Uri;
        }

        try
        {
            using var response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
            {
                return DidResolutionResult.Fail(DidResolutionErrors.NotFound, $"no DID document at {url} (HTTP {(int)response.StatusCode})");
            }

            if (!response.IsSuccessStatusCode)
            {
                return DidResolutionResult.Fail(DidResolutionErrors.InternalError, $"GET {url} answered HTTP {(int)response.StatusCode}");
            }

            if (response.Content.Headers.ContentLength > _options.MaxDocumentBytes)
            {
                return DidResolutionResult.Fail(DidResolutionErrors.InvalidDidDocument, $"the DID document at {url} exceeds {_options.MaxDocumentBytes} bytes");
            }

            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                using var limited = new MemoryStream();
                var buffer = new byte[16 * 1024];
                int read;
                while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    if (limited.Length + read > _options.MaxDocumentBytes)
                    {
                        return DidResolutionResult.Fail(DidResolutionErrors.InvalidDidDocument, $"the DID document at {url} exceeds {_options.MaxDocumentBytes} bytes");
                    }

                    limited.Write(buffer, 0, read);
                }

                using var doc = JsonDocument.Parse(limited.ToArray());
                var id = doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("id", out var i) ? i.ToString() : null;
                if (id != context.Did)
                {
                    return DidResolutionResult.Fail(DidResolutionErrors.InvalidDidDocument, $"the document at {url} has id '{id}', expected '{context.Did}'");
                }

                return DidResolutionResult.Success(doc.RootElement);
            }
        }
        catch (JsonException e)
        {
            return DidResolutionResult.Fail(DidResolutionErrors.InvalidDidDocument, $"the document at {url} is not JSON: {e.Message}");
        }
        catch (Exception e) when (e is HttpRequestException or IOException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return Unreachable(url, e);
        }
    }

    private DidResolutionResult Unreachable(Uri url, Exception e)
    {
        var correlation = Guid.NewGuid().ToString("N")[..16];
        LogFetchFailed(_logger, url.ToString(), correlation, e);
        return DidResolutionResult.Fail(DidResolutionErrors.InternalError, $"the DID document at {url} could not be fetched (correlation {correlation})");
    }

    [LoggerMessage(EventId = 4110, Level = LogLevel.Warning, Message = "did:web resolution: GET {Url} failed (correlation {Correlation})")]
    private static partial void LogFetchFailed(ILogger logger, string url, string correlation, Exception exception);
}
