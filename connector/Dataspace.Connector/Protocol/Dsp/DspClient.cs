using System.Net.Http.Headers;
using Dataspace.Connector.Audit;
using Dataspace.Connector.Hosting;
using Dataspace.Sdk.Audit;
using Dataspace.Sdk.Egress;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.Protocol.Dsp;

/// <summary>Sends DSP messages to peers over HTTPS (or HTTP on loopback), with our identity token.</summary>
/// <remarks>
/// Peer addresses come from peers (callback addresses, catalogs), so answers are read up to
/// <see cref="DspOptions.MaxResponseBytes"/> whatever Content-Length says, and a failure's details (network error,
/// error body) go to the log under a correlation id rather than into texts another party may see.
/// </remarks>
public sealed partial class DspClient
{
    /// <summary>The named HttpClient used for DSP calls.</summary>
    public const string HttpClientName = "dsp";

    private const int MaxLoggedAnswer = 500;

    private readonly IHttpClientFactory _http;
    private readonly IDspTokenProvider _tokens;
    private readonly IOptions<DspOptions> _options;
    private readonly ILogger<DspClient> _logger;
    private readonly IAuditLog _audit;
    private readonly ConnectorInstance _self;

    /// <summary>Creates the client.</summary>
    public DspClient(IHttpClientFactory http, IDspTokenProvider tokens, IOptions<DspOptions> options, ILogger<DspClient> logger, IAuditLog audit, ConnectorInstance self)
    {
        _http = http;
        _tokens = tokens;
        _options = options;
        _logger = logger;
        _audit = audit;
        _self = self;
    }

    /// <summary>POSTs <paramref name="body"/> to <paramref name="url"/>; returns the status and response body.</summary>
    public Task<DspResponse> PostAsync(string url, byte[] body, string counterPartyId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, url, body, counterPartyId, null, cancellationToken);

    /// <summary>POSTs a message of our process <paramref name="processId"/> (its audit entry names the process).</summary>
    public Task<DspResponse> PostAsync(string url, byte[] body, string counterPartyId, string processId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, url, body, counterPartyId, processId, cancellationToken);

    /// <summary>GETs <paramref name="url"/> (a process or dataset).</summary>
    public Task<DspResponse> GetAsync(string url, string counterPartyId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, url, null, counterPartyId, null, cancellationToken);

    private async Task<DspResponse> SendAsync(HttpMethod method, string url, byte[]? body, string counterPartyId, string? processId, CancellationToken cancellationToken)
    {
        // A peer address comes from a peer's message or an operator: one that is not an absolute http(s) URL is a failed
        // delivery with its reason, not an exception that would stop the outbox.
        if (!Uri.TryCreate(url, UriKind.Absolute, out var target) || (target.Scheme != Uri.UriSchemeHttp && target.Scheme != Uri.UriSchemeHttps))
        {
            return new DspResponse(null, [], $"'{url}' is not an absolute http(s) URL, so no message can be sent to it") { Permanent = true };
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

        var correlation = Guid.NewGuid().ToString("N")[..16];
        var limit = _options.Value.MaxResponseBytes;
        try
        {
            using var response = await _http.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var content = await ReadLimitedAsync(response.Content, limit, cancellationToken).ConfigureAwait(false);
            await RecordAsync(method, target, body, counterPartyId, processId, (int)response.StatusCode).ConfigureAwait(false);
            if (content is null)
            {
                LogTooLarge(_logger, target.GetLeftPart(UriPartial.Path), correlation, limit);
                return new DspResponse(null, [], $"{target.GetLeftPart(UriPartial.Path)} answered with more than {limit} bytes (Connector:Dsp:MaxResponseBytes) (correlation {correlation})")
                {
                    Correlation = correlation,
                    Permanent = true,
                };
            }

            if (!response.IsSuccessStatusCode)
            {
                var excerpt = System.Text.Encoding.UTF8.GetString(content.AsSpan(0, Math.Min(content.Length, MaxLoggedAnswer)));
                LogRefused(_logger, method.Method, target.GetLeftPart(UriPartial.Path), (int)response.StatusCode, correlation, excerpt);
            }

            return new DspResponse(response.StatusCode, content, null)
            {
                Links = response.Headers.TryGetValues("Link", out var links) ? [.. links] : [],
                Correlation = correlation,
            };
        }
        catch (DspRequestNotSentException e)
        {
            // Our own reason, nothing from the network: said as it is.
            return new DspResponse(null, [], $"nothing was sent to {url}: {e.Message}") { Correlation = correlation };
        }
        catch (HttpRequestException e)
        {
            LogUnreachable(_logger, method.Method, target.GetLeftPart(UriPartial.Path), correlation, e);
            if (!e.IsEgressRefusal())
            {
                // The request may have reached the peer before the connection failed.
                await RecordAsync(method, target, body, counterPartyId, processId, null).ConfigureAwait(false);
            }

            var why = e.IsEgressRefusal() ? "its address is refused by our egress policy" : "could not be reached";
            return new DspResponse(null, [], $"{url} {why} (correlation {correlation})") { Correlation = correlation, Permanent = e.IsEgressRefusal() };
        }
        catch (Exception e) when (e is IOException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogUnreachable(_logger, method.Method, target.GetLeftPart(UriPartial.Path), correlation, e);
            await RecordAsync(method, target, body, counterPartyId, processId, null).ConfigureAwait(false);
            return new DspResponse(null, [], $"{url} did not answer in time (correlation {correlation})") { Correlation = correlation };
        }
    }

    // The message is in our audit log before its caller learns how it went (and stores that). The request has left, so
    // its record is kept even when the caller is cancelled meanwhile.
    private async Task RecordAsync(HttpMethod method, Uri target, byte[]? body, string counterPartyId, string? processId, int? status) =>
        await _audit.AppendAsync(
            AuditRecords.DspSent(body is null ? DspMessageFacts.None : DspMessageFacts.Of(body), processId, _self.ParticipantId, counterPartyId, method.Method, target.GetLeftPart(UriPartial.Path), status),
            CancellationToken.None).ConfigureAwait(false);

    // Reads at most limit bytes, whatever Content-Length claims; null when the body is longer.
    private static async Task<byte[]?> ReadLimitedAsync(HttpContent content, long limit, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > limit)
        {
            return null;
        }

        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "DSP {Method} {Url} answered {Status} (correlation {Correlation}): {Answer}")]
    private static partial void LogRefused(ILogger logger, string method, string url, int status, string correlation, string answer);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "DSP {Method} {Url} failed (correlation {Correlation})")]
    private static partial void LogUnreachable(ILogger logger, string method, string url, string correlation, Exception exception);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Warning, Message = "DSP answer from {Url} exceeds {Limit} bytes (correlation {Correlation}); not read further")]
    private static partial void LogTooLarge(ILogger logger, string url, string correlation, long limit);
}
