namespace Dataspace.Sdk.Compute;

/// <summary>
/// A compute job as one party holds it: a DAG of tasks over the data of providers bound by their agreements.
/// Every party keeps its own copy under the same <see cref="Id"/>; the initiator's is the reference.
/// </summary>
public sealed record ComputeJob
{
    /// <summary>The job's id, the same at every party.</summary>
    public required string Id { get; init; }

    /// <summary>The participant id (DID) of the consumer that proposed the job.</summary>
    public required string Initiator { get; init; }

    /// <summary>The initiator's DSP base address, where providers send their decisions and state notices.</summary>
    public Uri? InitiatorEndpoint { get; init; }

    /// <summary>The tasks, in an order where every task comes after those it depends on.</summary>
    public required IReadOnlyList<ComputeTask> Tasks { get; init; }

    /// <summary>One agreement per participating provider; no job runs without them.</summary>
    public required IReadOnlyList<ComputeJobAgreement> Agreements { get; init; }

    /// <summary>The job's state.</summary>
    public required ComputeJobState State { get; init; }

    /// <summary>Each provider's decision on the job.</summary>
    public IReadOnlyList<ComputeApproval> Approvals { get; init; } = [];

    /// <summary>Why the job failed, was rejected or stopped; null otherwise. Visible to every party, so no data in it.</summary>
    public string? Reason { get; init; }

    /// <summary>Overall progress, 0..1.</summary>
    public double Progress { get; init; }

    /// <summary>The phase last reported by a running task, e.g. <c>mask-own</c>.</summary>
    public string? Phase { get; init; }

    /// <summary>The ids of the tasks that succeeded.</summary>
    public IReadOnlyList<string> CompletedTasks { get; init; } = [];

    /// <summary>The participants that finished every task of theirs (kept by the initiator, which ends the job when all have).</summary>
    public IReadOnlyList<string> FinishedParties { get; init; } = [];

    /// <summary>When this party first stored the job.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When this party last changed it.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Incremented by the store on each update; an update names the version it read (optimistic concurrency).</summary>
    public int Version { get; init; }

    /// <summary>Every participant of the job (the initiator first, then each task's parties), without repeats.</summary>
    public IEnumerable<string> Participants
        => new[] { Initiator }.Concat(Tasks.SelectMany(t => t.Parties).Select(p => p.ParticipantId)).Distinct(StringComparer.Ordinal);
}
