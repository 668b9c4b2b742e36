using System.Buffers;
using System.Diagnostics;
using Dataspace.Sdk.Metering;
using Microsoft.Extensions.Logging;

namespace Dataspace.Connector.Metering;

/// <summary>
/// The consumer's side of metering: data pulled through this connector's management API is counted as it passes, and
/// recorded under the transfer's agreement with the provider's process id, so both parties' records name the same transfer.
/// </summary>
public sealed partial class ConsumerUsageRecorder
{
    private const int BufferSize = 128 * 1024;
    private readonly ITransferStore _transfers;
    private readonly IUsageRecordStore _records;
    private readonly TimeProvider _time;
    private readonly ILogger<ConsumerUsageRecorder> _logger;

    /// <summary>Creates the recorder.</summary>
    public ConsumerUsageRecorder(ITransferStore transfers, IUsageRecordStore records, TimeProvider time, ILogger<ConsumerUsageRecorder> logger)
    {
        _transfers = transfers;
        _records = records;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// Copies the provider's answer to our client and records the bytes received as one request of transfer
    /// <paramref name="transferId"/> (ours, as consumer); only successful answers count as data received.
    /// </summary>
    public async Task CopyAndRecordAsync(string transferId, Stream from, Stream to, bool success, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var started = Stopwatch.GetTimestamp();
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        var held = ArrayPool<byte>.Shared.Rent(BufferSize);
        long received = 0;
        var recorded = false;
        try
        {
            // The latest chunk is held back until the next one arrives: the last one goes to our client only after the
            // record is stored, so whoever has all the data also finds it metered.
            var heldLength = 0;
            int read;
            while ((read = await from.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (heldLength > 0)
                {
                    await to.WriteAsync(held.AsMemory(0, heldLength), cancellationToken).ConfigureAwait(false);
                }

                (buffer, held, heldLength) = (held, buffer, read);
                received += read;
            }

            if (success)
            {
                recorded = true;
                await RecordAsync(transferId, received, Stopwatch.GetElapsedTime(started)).ConfigureAwait(false);
            }

            if (heldLength > 0)
            {
                await to.WriteAsync(held.AsMemory(0, heldLength), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            ArrayPool<byte>.Shared.Return(held);
            if (success && !recorded)
            {
                // The copy broke off: the bytes that came are still what we received.
                await RecordAsync(transferId, received, Stopwatch.GetElapsedTime(started)).ConfigureAwait(false);
            }
        }
    }

    private async Task RecordAsync(string transferId, long bytes, TimeSpan duration)
    {
        try
        {
            var transfer = await _transfers.GetAsync(transferId, CancellationToken.None).ConfigureAwait(false);
            if (transfer is not { Role: ProcessRole.Consumer })
            {
                return;
            }

            await _records.AppendAsync(new UsageRecord
            {
                AgreementId = transfer.AgreementId,
                TransferId = transfer.ProviderPid,
                CounterPartyId = transfer.CounterPartyId,
                Role = ProcessRole.Consumer,
                Kind = UsageKind.DataAccess,
                Bytes = bytes,
                Requests = 1,
                Duration = duration,
                At = _time.GetUtcNow(),
            }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogNotRecorded(_logger, transferId, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Download of transfer {TransferId}: the data received could not be recorded for metering")]
    private static partial void LogNotRecorded(ILogger logger, string transferId, Exception exception);
}
