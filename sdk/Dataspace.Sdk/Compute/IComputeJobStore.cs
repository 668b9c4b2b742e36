using Dataspace.Sdk.Storage;

namespace Dataspace.Sdk.Compute;

/// <summary>This party's compute jobs, the outputs it received and the privacy-budget ledger of its agreements.</summary>
/// <remarks>Called concurrently, also from several connector instances on one database.</remarks>
public interface IComputeJobStore
{
    /// <summary>Stores a new job (its <see cref="ComputeJob.Version"/> becomes 1); false when a job with its id exists.</summary>
    Task<bool> CreateAsync(ComputeJob job, CancellationToken cancellationToken);

    /// <summary>One job, or null.</summary>
    Task<ComputeJob?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>A page of jobs, newest first (then by id).</summary>
    Task<Page<ComputeJob>> ListAsync(ComputeJobQuery query, PageRequest page, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the job if its stored version is still <paramref name="job"/>'s <see cref="ComputeJob.Version"/>;
    /// returns the stored job (version incremented), or null when another writer came first or the job does not exist.
    /// </summary>
    Task<ComputeJob?> TryUpdateAsync(ComputeJob job, CancellationToken cancellationToken);

    /// <summary>How many jobs bound by <paramref name="agreementId"/> were created at or after <paramref name="since"/>.</summary>
    Task<long> CountJobsAsync(string agreementId, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>Records an output; false when the job already has one of that task, name and receiver.</summary>
    Task<bool> AddOutputAsync(ComputeJobOutput output, CancellationToken cancellationToken);

    /// <summary>The outputs of a job, optionally only those for <paramref name="receiver"/>, in the order written.</summary>
    Task<IReadOnlyList<ComputeJobOutput>> ListOutputsAsync(string jobId, string? receiver, CancellationToken cancellationToken);

    /// <summary>
    /// Spends (ε, δ) from the budget of <paramref name="agreementId"/> in the period starting at <paramref name="periodStart"/>
    /// if what is spent there plus the request stays within the limits; atomically, so concurrent spends never overdraw.
    /// </summary>
    Task<PrivacyBudgetSpend> TrySpendBudgetAsync(string agreementId, DateTimeOffset periodStart, PrivacyBudgetLimit limit,
        double epsilon, double delta, string reason, CancellationToken cancellationToken);

    /// <summary>What is spent of the budget of <paramref name="agreementId"/> in the period starting at <paramref name="periodStart"/>.</summary>
    Task<(double Epsilon, double Delta)> GetBudgetSpentAsync(string agreementId, DateTimeOffset periodStart, CancellationToken cancellationToken);
}
