using System.Collections.Concurrent;
using Dataspace.Sdk.Transfer;

namespace Dataspace.Plugins.Transport.Http.Tests;

/// <summary>
/// A stand-in for the connector's <see cref="ITransferEvents"/> (which moves the transfer to COMPLETED or TERMINATED and
/// is being written against the same contract): records each transfer's reported outcome.
/// </summary>
internal sealed class RecordingTransferEvents : ITransferEvents
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<TransferOutcome>> _outcomes = new(StringComparer.Ordinal);

    /// <summary>How many reports arrived (of any transfer).</summary>
    public int ReportCount => _reportCount;

    private int _reportCount;

    public Task ReportCompletedAsync(string transferId, CancellationToken cancellationToken) => Record(transferId, new TransferOutcome(true, null));

    public Task ReportFailedAsync(string transferId, string reason, CancellationToken cancellationToken) => Record(transferId, new TransferOutcome(false, reason));

    /// <summary>Waits (at most ten seconds) for the transfer's outcome.</summary>
    public Task<TransferOutcome> OutcomeAsync(string transferId) => Slot(transferId).Task.WaitAsync(TimeSpan.FromSeconds(10));

    private Task Record(string transferId, TransferOutcome outcome)
    {
        Interlocked.Increment(ref _reportCount);
        Slot(transferId).TrySetResult(outcome);
        return Task.CompletedTask;
    }

    private TaskCompletionSource<TransferOutcome> Slot(string transferId) =>
        _outcomes.GetOrAdd(transferId, _ => new TaskCompletionSource<TransferOutcome>(TaskCreationOptions.RunContinuationsAsynchronously));
}

/// <summary>What a channel reported about a transfer.</summary>
internal sealed record TransferOutcome(bool Completed, string? FailureReason);
