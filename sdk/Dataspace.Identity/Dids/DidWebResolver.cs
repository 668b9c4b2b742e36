using System.Net;
using System.Text.Json;
using Dataspace.Sdk.Identity;

namespace Dataspace.Identity.Dids;

/// <summary>Resolves did:web DIDs by fetching their DID documents over HTTPS (plain HTTP only for loopback in test mode).</summary>
public sealed class DidWebResolver : IDidResolver
{
    private readonly HttpClient _http;
    private readonly DidWebOptions _options;

    /// <summary>Creates the resolver over an HTTP client the host configures (timeouts, proxies, TLS).</summary>
    public DidWebResolver(HttpClient http, DidWebOptions options)
    {
        _http = http;
        _options = options;
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
        catch (HttpRequestException e)
        {
            return DidResolutionResult.Fail(DidResolutionErrors.InternalError, $"GET {url} failed: {e.Message}");
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            return DidResolutionResult.Fail(DidResolutionErrors.InternalError, $"GET {url} timed out: {e.Message}");
        }
    }
}
