using System.Net.Http.Headers;
using Dataspace.Sdk.Transfer;

namespace Dataspace.Plugins.Transport.Http.HttpData;

/// <summary>Streams data to an HTTP endpoint with POST (or PUT); the endpoint's 2xx answer means it was stored.</summary>
internal sealed class HttpDataSink : IDataSink
{
    private const int MaxReasonLength = 300;

    private readonly HttpDataClient _http;

    public HttpDataSink(HttpDataClient http) => _http = http;

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

    /// <summary>Sends <paramref name="content"/> to <paramref name="endpoint"/>; failures are results with the endpoint's answer.</summary>
    public async Task<DataWriteResult> SendAsync(HttpEndpoint endpoint, Stream content, long? length, string? mediaType, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var body = new CountingStreamContent(content, length);
        body.Headers.ContentType = MediaTypeHeaderValue.TryParse(mediaType, out var type) ? type : new MediaTypeHeaderValue("application/octet-stream");
        using var request = new HttpRequestMessage(endpoint.Method, endpoint.Url) { Content = body };
        foreach (var (name, value) in endpoint.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            var cause = e.InnerException is IOException io && e.HttpRequestError == HttpRequestError.Unknown ? io.Message : e.Message;
            return DataWriteResult.Fail(DataFailureKind.Unavailable, $"sending to {endpoint.DisplayUrl} failed after {body.BytesSent} bytes: {cause}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DataWriteResult.Fail(DataFailureKind.Unavailable, $"{endpoint.DisplayUrl} did not accept a connection in time");
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                return DataWriteResult.Success(body.BytesSent);
            }

            var answer = await ReadReasonAsync(response, cancellationToken).ConfigureAwait(false);
            var kind = (int)response.StatusCode is >= 500 or 408 or 429 ? DataFailureKind.Unavailable : DataFailureKind.InvalidAddress;
            return DataWriteResult.Fail(kind, $"{endpoint.DisplayUrl} answered {(int)response.StatusCode} {response.ReasonPhrase}{answer}, expected a 2xx status");
        }
    }

    // The start of the endpoint's error body helps the operator; never more than a few hundred characters of it.
    private static async Task<string> ReadReasonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var buffer = new char[MaxReasonLength];
                using var reader = new StreamReader(stream);
                var read = await reader.ReadBlockAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
                var text = new string(buffer, 0, read).Trim();
                return text.Length == 0 ? "" : ": " + text;
            }
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return "";
        }
    }
}
