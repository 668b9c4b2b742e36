using System.Buffers;
using System.Globalization;
using System.Diagnostics;
using Dataspace.Sdk.Metering;
using Dataspace.Sdk.Transfer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace Dataspace.Plugins.Transport.Http.Pull;

/// <summary>
/// The public data endpoint, <c>GET|HEAD {PublicPath}/{transferId}</c> with a bearer token: validates the token, asks
/// the connector's <see cref="IDataAccessGuard"/>, and streams the source's data (whole or one byte range).
/// </summary>
internal sealed partial class PullEndpoint
{
    private const int CopyBufferSize = 128 * 1024;

    private readonly AccessTokenService _tokens;
    private readonly DataSources _sources;
    private readonly HttpTransportOptions _options;
    private readonly ILogger<PullEndpoint> _logger;

    public PullEndpoint(AccessTokenService tokens, DataSources sources, HttpTransportOptions options, ILogger<PullEndpoint> logger)
    {
        _tokens = tokens;
        _sources = sources;
        _options = options;
        _logger = logger;
    }

    /// <summary>Handles a request whose path is below <see cref="HttpTransportOptions.PublicPath"/> (already stripped).</summary>
    public async Task HandleAsync(HttpContext http)
    {
        var cancellationToken = http.RequestAborted;
        var request = http.Request;
        var head = HttpMethods.IsHead(request.Method);
        if (!head && !HttpMethods.IsGet(request.Method))
        {
            http.Response.Headers.Allow = "GET, HEAD";
            await ProblemResponse.WriteAsync(http, StatusCodes.Status405MethodNotAllowed, "Method not allowed", $"{request.Method} is not supported here; use GET or HEAD", cancellationToken).ConfigureAwait(false);
            return;
        }

        var path = request.Path.Value ?? "";
        if (path.Length < 2 || path.IndexOf('/', 1) >= 0)
        {
            await ProblemResponse.WriteAsync(http, StatusCodes.Status404NotFound, "No such data endpoint", $"expected {_options.PublicPath}/{{transferId}}", cancellationToken).ConfigureAwait(false);
            return;
        }

        var transferId = path[1..];
        if (!TryReadBearer(request, out var token))
        {
            await RefuseTokenAsync(http, transferId, "no bearer token: send 'Authorization: Bearer <token>' with the token from the transfer start message's data address", cancellationToken).ConfigureAwait(false);
            return;
        }

        var validation = _tokens.Validate(token, transferId);
        if (!validation.IsValid)
        {
            await RefuseTokenAsync(http, transferId, validation.Reason!, cancellationToken).ConfigureAwait(false);
            return;
        }

        var claims = validation.Claims!;
        var guard = http.RequestServices.GetService<IDataAccessGuard>();
        if (guard is null)
        {
            await ProblemResponse.WriteAsync(http, StatusCodes.Status503ServiceUnavailable, "Data access unavailable", "the connector has no data access guard to check this access against the agreement", cancellationToken).ConfigureAwait(false);
            return;
        }

        var range = RequestedRange.Parse(request);
        var decision = await guard.AuthorizeAsync(new DataAccessRequest { TransferId = transferId, ConsumerId = claims.ConsumerId, Range = range.FromOffset }, cancellationToken).ConfigureAwait(false);
        if (!decision.Allowed)
        {
            LogDenied(_logger, transferId, claims.ConsumerId, decision.DenialReason!);
            var (status, title) = decision.UnknownTransfer ? (StatusCodes.Status404NotFound, "Unknown transfer") : (StatusCodes.Status403Forbidden, "Access denied");
            await ProblemResponse.WriteAsync(http, status, title, decision.DenialReason!, cancellationToken).ConfigureAwait(false);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var metered = false;
        Task MeterAsync(long bytes)
        {
            metered = true;
            return ReportUsageAsync(http, transferId, claims.ConsumerId, bytes, Stopwatch.GetElapsedTime(started));
        }

        var sent = await ServeAsync(http, transferId, decision.Source!, range, head, MeterAsync, cancellationToken).ConfigureAwait(false);
        if (!metered)
        {
            await MeterAsync(sent).ConfigureAwait(false);
        }
    }

    // Every allowed access is metered, with the bytes that left (0 for HEAD or a failed read): the access was counted
    // against the agreement already. A failed report is logged; the consumer has its data either way.
    private async Task ReportUsageAsync(HttpContext http, string transferId, string consumerId, long sent, TimeSpan duration)
    {
        if (http.RequestServices.GetService<IDataUsageReporter>() is not { } reporter)
        {
            return;
        }

        try
        {
            await reporter.ReportAsync(new DataUsageReport { TransferId = transferId, ConsumerId = consumerId, Bytes = sent, Duration = duration }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogUsageNotRecorded(_logger, transferId, e);
        }
    }

    // Returns the bytes of data sent.
    private async Task<long> ServeAsync(HttpContext http, string transferId, DataAddress address, RequestedRange range, bool head, Func<long, Task> meter, CancellationToken cancellationToken)
    {
        if (_sources.Find(address.Type) is not { } source)
        {
            LogMisconfigured(_logger, transferId, address.Type);
            await ProblemResponse.WriteAsync(http, StatusCodes.Status500InternalServerError, "Data source missing", "the provider's connector cannot read this asset: " + _sources.Unhandled(address.Type), cancellationToken).ConfigureAwait(false);
            return 0;
        }

        var read = new ServedRead(await source.OpenReadAsync(new DataReadContext { Address = address, Range = range.FromOffset }, cancellationToken).ConfigureAwait(false), range.FromOffset);
        if (read.Result.Succeeded && range.Suffix is { } suffix)
        {
            read = await OpenSuffixAsync(source, address, read.Result, suffix, cancellationToken).ConfigureAwait(false);
        }

        var result = read.Result;
        if (!result.Succeeded)
        {
            await WriteReadFailureAsync(http, transferId, result, cancellationToken).ConfigureAwait(false);
            return 0;
        }

        var content = result.Content!;
        await using (content.ConfigureAwait(false))
        {
            var response = http.Response;
            if (read.Range is { } served)
            {
                if (result.Length is not { } length)
                {
                    await ProblemResponse.WriteAsync(http, StatusCodes.Status500InternalServerError, "Range length unknown", $"the data source of address type '{address.Type}' did not report the length of the range asked for", cancellationToken).ConfigureAwait(false);
                    return 0;
                }

                if (length == 0)
                {
                    // An empty resource has no first byte to serve (RFC 9110, 14.1.2).
                    response.Headers.ContentRange = result.TotalLength is { } size ? string.Create(CultureInfo.InvariantCulture, $"bytes */{size}") : null;
                    await ProblemResponse.WriteAsync(http, StatusCodes.Status416RangeNotSatisfiable, "Range not satisfiable", $"there are no bytes from offset {served.Offset} on", cancellationToken).ConfigureAwait(false);
                    return 0;
                }

                response.StatusCode = StatusCodes.Status206PartialContent;
                var total = result.TotalLength?.ToString(CultureInfo.InvariantCulture) ?? "*";
                response.Headers.ContentRange = string.Create(CultureInfo.InvariantCulture, $"bytes {served.Offset}-{served.Offset + length - 1}/{total}");
            }
            else
            {
                response.StatusCode = StatusCodes.Status200OK;
            }

            response.ContentType = result.MediaType ?? "application/octet-stream";
            response.ContentLength = result.Length;
            response.Headers.AcceptRanges = "bytes";
            response.Headers.CacheControl = "no-store";
            if (head)
            {
                return 0;
            }

            return await CopyAsync(http, transferId, content, result.Length, meter, cancellationToken).ConfigureAwait(false);
        }
    }

    // The last N bytes need the total size: the first (whole) open tells it, then the tail is opened as a range.
    private static async Task<ServedRead> OpenSuffixAsync(IDataSource source, DataAddress address, DataReadResult whole, long suffix, CancellationToken cancellationToken)
    {
        if (whole.TotalLength is not { } total)
        {
            return new ServedRead(whole, null);
        }

        await whole.Content!.DisposeAsync().ConfigureAwait(false);
        var tail = new ByteRange(Math.Max(0, total - suffix), Math.Min(suffix, total));
        return new ServedRead(await source.OpenReadAsync(new DataReadContext { Address = address, Range = tail }, cancellationToken).ConfigureAwait(false), tail);
    }

    // The access is metered (meter) before the last chunk goes out when the length is known, so a consumer holding all the
    // data also finds it in our records; of unknown length, once all is sent. A copy that breaks off is metered by the caller.
    private async Task<long> CopyAsync(HttpContext http, string transferId, Stream content, long? length, Func<long, Task> meter, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        long sent = 0;
        var metered = false;
        try
        {
            int read;
            while ((read = await content.ReadAsync(buffer.AsMemory(0, CopyBufferSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (!metered && sent + read >= length)
                {
                    metered = true;
                    await meter(sent + read).ConfigureAwait(false);
                }

                await http.Response.Body.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                sent += read;
            }

            if (!metered)
            {
                await meter(sent).ConfigureAwait(false);
            }

            LogServed(_logger, transferId, sent, http.Response.StatusCode);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && cancellationToken.IsCancellationRequested)
        {
            LogClientGone(_logger, transferId, sent);
        }
        catch (IOException e)
        {
            // The status line is out: the only honest signal left is to break the connection.
            LogSourceBroke(_logger, transferId, sent, e);
            http.Abort();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return sent;
    }

    private async Task WriteReadFailureAsync(HttpContext http, string transferId, DataReadResult result, CancellationToken cancellationToken)
    {
        LogReadFailed(_logger, transferId, result.Failure, result.Reason);
        var (status, title) = result.Failure switch
        {
            DataFailureKind.NotFound => (StatusCodes.Status404NotFound, "Data not found"),
            DataFailureKind.RangeNotSatisfiable => (StatusCodes.Status416RangeNotSatisfiable, "Range not satisfiable"),
            DataFailureKind.Unavailable => (StatusCodes.Status503ServiceUnavailable, "Data temporarily unavailable"),
            _ => (StatusCodes.Status500InternalServerError, "Data address not usable"),
        };
        await ProblemResponse.WriteAsync(http, status, title, result.Reason ?? "the data could not be read", cancellationToken).ConfigureAwait(false);
    }

    private async Task RefuseTokenAsync(HttpContext http, string transferId, string reason, CancellationToken cancellationToken)
    {
        LogTokenRefused(_logger, transferId, reason);
        var description = reason.Replace('"', '\'').Replace('\\', '/');
        http.Response.Headers.WWWAuthenticate = $"Bearer error=\"invalid_token\", error_description=\"{description}\"";
        await ProblemResponse.WriteAsync(http, StatusCodes.Status401Unauthorized, "Invalid access token", reason, cancellationToken).ConfigureAwait(false);
    }

    private static bool TryReadBearer(HttpRequest request, out string token)
    {
        token = "";
        var header = request.Headers.Authorization;
        if (header.Count != 1 || header[0] is not { } value || !value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        token = value["Bearer ".Length..].Trim();
        return token.Length > 0;
    }

    private readonly record struct ServedRead(DataReadResult Result, ByteRange? Range);
}
