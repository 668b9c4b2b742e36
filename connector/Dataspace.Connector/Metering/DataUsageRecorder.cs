using Dataspace.Sdk.Metering;

namespace Dataspace.Connector.Metering;

/// <summary>Turns what the data planes report into the provider's usage records, under the transfer's agreement.</summary>
internal sealed class DataUsageRecorder : IDataUsageReporter
{
    private readonly ITransferStore _transfers;
    private readonly IUsageRecordStore _records;
    private readonly TimeProvider _time;

    public DataUsageRecorder(ITransferStore transfers, IUsageRecordStore records, TimeProvider time)
    {
        _transfers = transfers;
        _records = records;
        _time = time;
    }

    /// <inheritdoc/>
    public async Task ReportAsync(DataUsageReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var transfer = await _transfers.GetAsync(report.TransferId, cancellationToken).ConfigureAwait(false);
        // A report names a transfer the data plane served for its consumer; anything else is a plugin's bug, not usage.
        if (transfer is not { Role: ProcessRole.Provider } || transfer.CounterPartyId != report.ConsumerId)
        {
            throw new InvalidOperationException($"usage reported for transfer '{report.TransferId}' of {report.ConsumerId}, which is not a transfer this provider has with that consumer");
        }

        await _records.AppendAsync(new UsageRecord
        {
            AgreementId = transfer.AgreementId,
            TransferId = transfer.Id,
            CounterPartyId = transfer.CounterPartyId,
            Role = ProcessRole.Provider,
            Kind = UsageKind.DataAccess,
            Bytes = Math.Max(0, report.Bytes),
            Requests = 1,
            Rows = Math.Max(0, report.Rows),
            Duration = report.Duration < TimeSpan.Zero ? TimeSpan.Zero : report.Duration,
            At = _time.GetUtcNow(),
        }, cancellationToken).ConfigureAwait(false);
    }
}
