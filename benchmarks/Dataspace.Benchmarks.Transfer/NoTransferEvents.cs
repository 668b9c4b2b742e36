using Dataspace.Sdk.Transfer;

namespace Dataspace.Benchmarks.Transfer;

/// <summary>The push channel needs somewhere to report; the benchmark only pulls.</summary>
internal sealed class NoTransferEvents : ITransferEvents
{
    public Task ReportCompletedAsync(string transferId, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task ReportFailedAsync(string transferId, string reason, CancellationToken cancellationToken) => Task.CompletedTask;
}
