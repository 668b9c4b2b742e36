namespace Dataspace.Sdk.Metering;

/// <summary>Implemented by the connector: a data plane reports each access it served, for metering (docs/metering.md).</summary>
/// <remarks>
/// Called concurrently, after the data was sent (or as far as it got). Reporting must not fail the delivery: a data plane
/// logs a failed report and carries on.
/// </remarks>
public interface IDataUsageReporter
{
    /// <summary>Records one access as a usage record of the transfer's agreement.</summary>
    Task ReportAsync(DataUsageReport report, CancellationToken cancellationToken);
}
