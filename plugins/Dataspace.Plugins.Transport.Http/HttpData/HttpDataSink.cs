using System.Net.Http.Headers;
using Dataspace.Sdk.Egress;
using Dataspace.Sdk.Transfer;
using Microsoft.Extensions.Logging;

namespace Dataspace.Plugins.Transport.Http.HttpData;

/// <summary>Streams data to an HTTP endpoint with POST (or PUT); the endpoint's 2xx answer means it was stored.</summary>
/// <remarks>
/// The destination is chosen by a peer, so what it answers (body, network error text) goes only to our log, under a
/// correlation id; the reason a peer sees is generic with that id, so a push cannot be used to read or scan a network.
/// </remarks>
internal sealed partial class HttpDataSink : IDataSink
{
    private const int MaxLoggedAnswer = 300;

    private readonly HttpDataClient _http;
    private readonly HttpTransportOptions _options;
    private readonly ILogger<HttpDataSink> _logger;

    public HttpDataSink(HttpDataClient http, HttpTransportOptions options, ILogger<HttpDataSink> logger)
    {
        _http = http;
        _options = options;
        _logger = logger;
    }

    public string Type => DataAddressTypes.HttpData;

    public Task<DataWriteResult> WriteAsync(DataWriteContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!string.Equals(context.Address.Type, DataAddressTypes.HttpData, StringComparison.Ordinal))
        {
            return Task.FromResult(DataWriteResult.Fail(DataFailureKind.InvalidAddress, $"address type '{context.Address.Type}' is not {DataAddressTypes.HttpData}"));
        }

        if (!HttpEndpoint.TryParseDestination(context.Address, out var endpoint, out var reason))
        {
            return Task.FromResult(DataWriteResult.Fail(DataFailureKind.InvalidAddress, reason));
        }

        long? length = context.Content.CanSeek ? context.Content.Length - context.Content.Position : null;
        return SendAsync(endpoint, context.Content, length, context.MediaType, cancellationToken);
    }

    /// <summary>Why the egress policy refuses <paramref name="endpoint"/> before anything is sent; null when it may be tried.</summary>
    public string? Refusal(HttpEndpoint endpoint) =>
        _http.Egress.Check(endpoint.Url) is { Allowed: false } decision ? $"{endpoint.DisplayUrl} may not be contacted: {decision.Reason}" : null;

    /// <summary>Sends <paramref name="content"/> to <paramref name="endpoint"/>; failures are results with a generic reason and a correlation id.</summary>
    public async Task<DataWriteResult> SendAsync(HttpEndpoint endpoint, Stream content, long? length, string? mediaType, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (Refusal(endpoint) is { } refusal)
        {
            return DataWriteResult.Fail(DataFailureKind.InvalidAddress, refusal);
        }

        // One watchdog for the whole exchange: reset by every chunk the destination accepts, then given the response
        // timeout once the body is out, so a destination that accepts and never reads or never answers ends the push.
        using var watchdog = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        watchdog.CancelAfter(_options.ConnectTimeout + _options.IdleTimeout);
        using var body = new CountingStreamContent(content, length, () => Extend(watchdog, _options.IdleTimeout), () => Extend(watchdog, _options.ResponseTimeout));
        body.Headers.ContentType = MediaTypeHeaderValue.TryParse(mediaType, out var type) ? type : new MediaTypeHeaderValue("application/octet-stream");
        using var request = new HttpRequestMessage(endpoint.Method, endpoint.Url) { Content = body };
        foreach (var (name, value) in endpoint.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var correlation = NewCorrelation();
        HttpResponseMessage response;
        try
        {
            response = await _http.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, watchdog.Token).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            LogSendFailed(_logger, endpoint.DisplayUrl, correlation, body.BytesSent, e);
            return e.IsEgressRefusal()
                ? DataWriteResult.Fail(DataFailureKind.InvalidAddress, $"{endpoint.DisplayUrl} may not be contacted: the provider's egress policy refuses its address (correlation {correlation})")
                : DataWriteResult.Fail(DataFailureKind.Unavailable, $"sending to {endpoint.DisplayUrl} failed after {body.BytesSent} bytes (correlation {correlation})");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var what = body.Completed
                ? $"did not answer within {_options.ResponseTimeout} after the whole body was sent"
                : $"accepted nothing for {_options.IdleTimeout} after {body.BytesSent} bytes";
            LogTimedOut(_logger, endpoint.DisplayUrl, correlation, what);
            return DataWriteResult.Fail(DataFailureKind.Unavailable, $"{endpoint.DisplayUrl} {what} (correlation {correlation})");
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                return DataWriteResult.Success(body.BytesSent);
            }

            var status = (int)response.StatusCode;
            LogRejected(_logger, endpoint.DisplayUrl, correlation, status, await ReadAnswerAsync(response, watchdog.Token).ConfigureAwait(false));
            var kind = status is >= 500 or 408 or 429 ? DataFailureKind.Unavailable : DataFailureKind.InvalidAddress;
            return DataWriteResult.Fail(kind, $"push destination {endpoint.DisplayUrl} answered {status}, expected a 2xx status (correlation {correlation})");
        }
    }

    private static void Extend(CancellationTokenSource watchdog, TimeSpan by)
    {
        try
        {
            watchdog.CancelAfter(by);
        }
        catch (ObjectDisposedException)
        {
            // The exchange is over.
        }
    }

    private static string NewCorrelation() => Guid.NewGuid().ToString("N")[..16];

    // The start of the destination's error body, for the operator's log only.
    private static async Task<string> ReadAnswerAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var buffer = new char[MaxLoggedAnswer];
                using var reader = new StreamReader(stream);
                var read = await reader.ReadBlockAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
                return new string(buffer, 0, read).Trim();
            }
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
        {
            return "";
        }
    }

    [LoggerMessage(EventId = 5301, Level = LogLevel.Warning, Message = "Push to {Destination} failed after {Bytes} bytes (correlation {Correlation})")]
    private static partial void LogSendFailed(ILogger logger, string destination, string correlation, long bytes, Exception exception);

    [LoggerMessage(EventId = 5302, Level = LogLevel.Warning, Message = "Push to {Destination} timed out (correlation {Correlation}): it {What}")]
    private static partial void LogTimedOut(ILogger logger, string destination, string correlation, string what);

    [LoggerMessage(EventId = 5303, Level = LogLevel.Warning, Message = "Push destination {Destination} answered {Status} (correlation {Correlation}): {Answer}")]
    private static partial void LogRejected(ILogger logger, string destination, string correlation, int status, string answer);
}
