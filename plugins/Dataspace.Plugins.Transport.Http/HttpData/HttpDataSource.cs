using System.Net;
using System.Net.Http.Headers;
using Dataspace.Sdk.Transfer;

namespace Dataspace.Plugins.Transport.Http.HttpData;

/// <summary>Streams data from an HTTP backend (the provider's own API), forwarding byte ranges as <c>Range</c> headers.</summary>
internal sealed class HttpDataSource : IDataSource
{
    private readonly HttpDataClient _http;

    public HttpDataSource(HttpDataClient http) => _http = http;

    public string Type => DataAddressTypes.HttpData;

    public async Task<DataReadResult> OpenReadAsync(DataReadContext context, CancellationToken cancellationToken)
    {
        if (!string.Equals(context.Address.Type, DataAddressTypes.HttpData, StringComparison.Ordinal))
        {
            return DataReadResult.Fail(DataFailureKind.InvalidAddress, $"address type '{context.Address.Type}' is not {DataAddressTypes.HttpData}");
        }

        if (!HttpEndpoint.TryParseSource(context.Address, out var endpoint, out var reason))
        {
            return DataReadResult.Fail(DataFailureKind.InvalidAddress, reason);
        }

        var range = context.Range;
        if (range is { } r && (r.Offset < 0 || r.Length < 0))
        {
            return DataReadResult.Fail(DataFailureKind.RangeNotSatisfiable, $"range ({r.Offset}, {r.Length}) has a negative offset or length");
        }

        using var request = new HttpRequestMessage(endpoint.Method, endpoint.Url);
        foreach (var (name, value) in endpoint.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (range is not null)
        {
            // A zero-length range still asks for one byte, so the backend says whether the offset exists.
            long? last = range.Length is { } length ? range.Offset + Math.Max(length, 1) - 1 : null;
            request.Headers.Range = new RangeHeaderValue(range.Offset, last);
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            return DataReadResult.Fail(DataFailureKind.Unavailable, $"the backend {endpoint.DisplayUrl} could not be reached: {e.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DataReadResult.Fail(DataFailureKind.Unavailable, $"the backend {endpoint.DisplayUrl} did not accept a connection in time");
        }

        try
        {
            var result = await InterpretAsync(response, endpoint, range, cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                response.Dispose();
            }

            return result;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private static async Task<DataReadResult> InterpretAsync(HttpResponseMessage response, HttpEndpoint endpoint, ByteRange? range, CancellationToken cancellationToken)
    {
        var status = response.StatusCode;
        var mediaType = response.Content.Headers.ContentType?.ToString();
        switch (status)
        {
            case HttpStatusCode.PartialContent when range is not null:
            {
                var contentRange = response.Content.Headers.ContentRange;
                if (contentRange is not { HasRange: true, From: { } from, To: { } to } || from != range.Offset)
                {
                    return DataReadResult.Fail(DataFailureKind.Unavailable, $"the backend {endpoint.DisplayUrl} answered a range other than the one asked for (Content-Range: {contentRange})");
                }

                var length = Math.Min(to - from + 1, range.Length ?? long.MaxValue);
                var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                return DataReadResult.Success(new SlicedReadStream(body, 0, length, response), length, contentRange.Length, mediaType);
            }

            case HttpStatusCode.OK:
            {
                var total = response.Content.Headers.ContentLength;
                var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                if (range is null)
                {
                    return DataReadResult.Success(new SlicedReadStream(body, 0, null, response), total, total, mediaType);
                }

                // The backend ignored the Range header: cut the slice out of the whole body ourselves.
                if (total is { } t && range.Offset >= t && !(t == 0 && range.Offset == 0))
                {
                    await body.DisposeAsync().ConfigureAwait(false);
                    return DataReadResult.Fail(DataFailureKind.RangeNotSatisfiable, $"range starting at {range.Offset} lies outside the backend's {t} bytes");
                }

                long? sliceLength = total is { } all ? Math.Min(range.Length ?? long.MaxValue, all - range.Offset) : range.Length;
                return DataReadResult.Success(new SlicedReadStream(body, range.Offset, sliceLength, response), sliceLength, total, mediaType);
            }

            case HttpStatusCode.RequestedRangeNotSatisfiable:
                var size = response.Content.Headers.ContentRange?.Length;
                return DataReadResult.Fail(DataFailureKind.RangeNotSatisfiable,
                    $"range starting at {range?.Offset} lies outside the data{(size is null ? "" : $"'s {size} bytes")} at the backend {endpoint.DisplayUrl}");

            case HttpStatusCode.NotFound or HttpStatusCode.Gone:
                return DataReadResult.Fail(DataFailureKind.NotFound, $"the backend {endpoint.DisplayUrl} answered {Describe(status)}");

            case HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden:
                return DataReadResult.Fail(DataFailureKind.InvalidAddress, $"the backend {endpoint.DisplayUrl} refused the address's credentials: {Describe(status)}");

            default:
                return DataReadResult.Fail(DataFailureKind.Unavailable, $"the backend {endpoint.DisplayUrl} answered {Describe(status)}, expected 200 or 206");
        }
    }

    private static string Describe(HttpStatusCode status) => $"{(int)status} {status}";
}
