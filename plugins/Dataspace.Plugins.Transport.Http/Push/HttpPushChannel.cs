using Dataspace.Plugins.Transport.Http.HttpData;
using System.Diagnostics;
using Dataspace.Sdk.Metering;
using Dataspace.Sdk.Transfer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dataspace.Plugins.Transport.Http.Push;

/// <summary>HttpData-PUSH: streams the asset from its data source to the consumer's endpoint in the background.</summary>
internal sealed partial class HttpPushChannel : ITransferChannel
{
    private readonly DataSources _sources;
    private readonly HttpDataSink _sink;
    private readonly PushWorkers _workers;
    private readonly Lazy<ITransferEvents> _events;
    private readonly Lazy<IDataUsageReporter?> _usage;
    private readonly ILogger<HttpPushChannel> _logger;

    public HttpPushChannel(DataSources sources, HttpDataSink sink, PushWorkers workers, IServiceProvider services, ILogger<HttpPushChannel> logger)
    {
        _sources = sources;
        _sink = sink;
        _workers = workers;

        // Resolved when the first push ends, not here: the connector's ITransferEvents is the transfer manager, which
        // itself depends on every ITransferChannel, so a constructor dependency would be a cycle.
        _events = new Lazy<ITransferEvents>(services.GetRequiredService<ITransferEvents>);
        _usage = new Lazy<IDataUsageReporter?>(services.GetService<IDataUsageReporter>);
        _logger = logger;
    }

    public string TransferType => TransferTypes.HttpPush;

    public Task<TransferStartResult> StartAsync(TransferStartContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (context.Destination is not { } destination)
        {
            return Task.FromResult(TransferStartResult.Fail($"{TransferTypes.HttpPush} needs a destination data address from the consumer ({DataAddressTypes.HttpData} with '{HttpAddressProperties.BaseUrl}', or endpointType {HttpAddressProperties.DspHttpEndpointType} with '{HttpAddressProperties.Endpoint}')"));
        }

        if (!HttpEndpoint.TryParseDestination(destination, out var endpoint, out var reason))
        {
            return Task.FromResult(TransferStartResult.Fail("the destination data address is not usable: " + reason));
        }

        if (_sink.Refusal(endpoint) is { } refusal)
        {
            return Task.FromResult(TransferStartResult.Fail("the destination data address is not usable: " + refusal));
        }

        if (_sources.Find(context.Source.Type) is not { } source)
        {
            return Task.FromResult(TransferStartResult.Fail("the asset cannot be served: " + _sources.Unhandled(context.Source.Type)));
        }

        if (_workers.TryStart(context.TransferId, ct => PushAsync(context, source, endpoint, ct)))
        {
            LogStarted(_logger, context.TransferId, endpoint.DisplayUrl);
        }

        return Task.FromResult(TransferStartResult.Started(null));
    }

    public Task StopAsync(TransferStopContext context, CancellationToken cancellationToken) =>
        _workers.CancelAsync(context.TransferId, cancellationToken);

    private async Task PushAsync(TransferStartContext context, IDataSource source, HttpEndpoint endpoint, CancellationToken cancellationToken)
    {
        string? failure;
        try
        {
            // Bounded per destination and in total, so a peer naming an address that never answers cannot hold all
            // our connections and file handles; over the limit the push fails with the reason instead of queueing.
            using var slot = _workers.TryReserve(endpoint.Url.Authority, out var full);
            failure = slot is null ? full : await TransferAsync(context, source, endpoint, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped by the connector (suspension, termination) or by shutdown: nothing to report.
            LogCancelled(_logger, context.TransferId);
            return;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Whatever broke (the source, the network), the transfer must end with a reason, not hang in STARTED.
            // The message may carry a source's or the network's details: the log has them, the peer gets a correlation id.
            var correlation = Guid.NewGuid().ToString("N")[..16];
            LogCrashed(_logger, context.TransferId, correlation, e);
            failure = $"pushing to {endpoint.DisplayUrl} failed (correlation {correlation})";
        }

        try
        {
            if (failure is null)
            {
                await _events.Value.ReportCompletedAsync(context.TransferId, _workers.ShuttingDown).ConfigureAwait(false);
            }
            else
            {
                LogFailed(_logger, context.TransferId, failure);
                await _events.Value.ReportFailedAsync(context.TransferId, failure, _workers.ShuttingDown).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The outcome could not be recorded; the connector's own recovery finds the transfer still started.
            LogReportFailed(_logger, context.TransferId, e);
        }
    }

    // Returns null on success, or the reason delivery failed.
    private async Task<string?> TransferAsync(TransferStartContext context, IDataSource source, HttpEndpoint endpoint, CancellationToken cancellationToken)
    {
        var read = await source.OpenReadAsync(new DataReadContext { Address = context.Source }, cancellationToken).ConfigureAwait(false);
        if (!read.Succeeded)
        {
            return $"the asset could not be read ({read.Failure}): {read.Reason}";
        }

        var content = read.Content!;
        await using (content.ConfigureAwait(false))
        {
            var started = Stopwatch.GetTimestamp();
            var written = await _sink.SendAsync(endpoint, content, read.Length, read.MediaType, cancellationToken).ConfigureAwait(false);
            await ReportUsageAsync(context, written.BytesWritten, Stopwatch.GetElapsedTime(started)).ConfigureAwait(false);
            if (!written.Succeeded)
            {
                return written.Reason;
            }

            LogCompleted(_logger, context.TransferId, written.BytesWritten, endpoint.DisplayUrl);
            return null;
        }
    }

    // The delivery is metered with the bytes the destination accepted, whether or not it ended well; a failed report is
    // logged and changes nothing about the transfer.
    private async Task ReportUsageAsync(TransferStartContext context, long bytes, TimeSpan duration)
    {
        if (_usage.Value is not { } reporter)
        {
            return;
        }

        try
        {
            await reporter.ReportAsync(new DataUsageReport { TransferId = context.TransferId, ConsumerId = context.ConsumerId, Bytes = bytes, Duration = duration }, _workers.ShuttingDown).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogUsageNotRecorded(_logger, context.TransferId, e);
        }
    }
}
