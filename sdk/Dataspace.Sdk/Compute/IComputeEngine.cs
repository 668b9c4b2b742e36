namespace Dataspace.Sdk.Compute;

/// <summary>
/// One party's compute engine, in the shape of Kuscia's job API: the consumer proposes, each provider receives and
/// approves or rejects, and every party reads, watches and controls the job and reads the outputs it received.
/// </summary>
/// <remarks>Called concurrently. Expected refusals are <see cref="ComputeEngineException"/> with a reason a peer may read.</remarks>
public interface IComputeEngine
{
    /// <summary>Proposes a job as its initiator; it runs once every provider approved.</summary>
    Task<ComputeJob> ProposeAsync(ComputeJobRequest request, CancellationToken cancellationToken);

    /// <summary>Receives a job proposed by <paramref name="from"/> (authenticated) as a provider; approves it when it fits the agreement.</summary>
    Task<ComputeJob> ReceiveAsync(ComputeJob proposed, string from, CancellationToken cancellationToken);

    /// <summary>Approves a job waiting for this party's approval.</summary>
    Task<ComputeJob> ApproveAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>Rejects a job; the reason reaches every party.</summary>
    Task<ComputeJob> RejectAsync(string jobId, string reason, CancellationToken cancellationToken);

    /// <summary>One job as this party holds it, or null.</summary>
    Task<ComputeJob?> GetAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>The job each time it changes, from its current state until it is final or the token is cancelled.</summary>
    IAsyncEnumerable<ComputeJob> WatchAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>Stops a job for good.</summary>
    Task<ComputeJob> StopAsync(string jobId, string reason, CancellationToken cancellationToken);

    /// <summary>Pauses a running job after its current task.</summary>
    Task<ComputeJob> SuspendAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>Runs a suspended or failed job's unfinished tasks again.</summary>
    Task<ComputeJob> RestartAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>The outputs of the job this party received.</summary>
    Task<IReadOnlyList<ComputeJobOutput>> GetOutputsAsync(string jobId, CancellationToken cancellationToken);
}
