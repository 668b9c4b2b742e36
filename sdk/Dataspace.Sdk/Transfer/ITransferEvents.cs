namespace Dataspace.Sdk.Transfer;

/// <summary>Implemented by the connector: a channel reports what happened to a transfer after it started.</summary>
/// <remarks>Called concurrently; idempotent (a repeated report of the same outcome is ignored).</remarks>
public interface ITransferEvents
{
    /// <summary>All data of the transfer was delivered.</summary>
    Task ReportCompletedAsync(string transferId, CancellationToken cancellationToken);

    /// <summary>Delivery failed for good; the transfer is terminated with <paramref name="reason"/>.</summary>
    Task ReportFailedAsync(string transferId, string reason, CancellationToken cancellationToken);
}
