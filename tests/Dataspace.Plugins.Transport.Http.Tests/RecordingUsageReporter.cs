using System.Collections.Concurrent;
using Dataspace.Sdk.Metering;

namespace Dataspace.Plugins.Transport.Http.Tests;

/// <summary>Stands in for the connector's <see cref="IDataUsageReporter"/> (which appends usage records): keeps each report.</summary>
internal sealed class RecordingUsageReporter : IDataUsageReporter
{
    private readonly ConcurrentQueue<DataUsageReport> _reports = new();

    public IReadOnlyList<DataUsageReport> Reports => [.. _reports];

    public Task ReportAsync(DataUsageReport report, CancellationToken cancellationToken)
    {
        _reports.Enqueue(report);
        return Task.CompletedTask;
    }
}
