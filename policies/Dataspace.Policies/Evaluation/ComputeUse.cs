namespace Dataspace.Policies.Evaluation;

/// <summary>What a compute job (or one aspect of it) asks for, observed by the compute scope's left operands.</summary>
public sealed record ComputeUse
{
    /// <summary>The component invoked, <c>domain/name:version</c>.</summary>
    public string? Component { get; init; }

    /// <summary>The release kinds asked for the consumer.</summary>
    public IReadOnlyList<string>? ConsumerReleases { get; init; }

    /// <summary>The release kinds asked for the providers.</summary>
    public IReadOnlyList<string>? ProviderReleases { get; init; }

    /// <summary>ε spent under the agreement in the budget period, the job's own included.</summary>
    public decimal? Epsilon { get; init; }

    /// <summary>δ spent under the agreement in the budget period, the job's own included.</summary>
    public decimal? Delta { get; init; }

    /// <summary>The digest (<c>sha256:…</c>) of the model or algorithm run.</summary>
    public string? ModelDigest { get; init; }

    /// <summary>Jobs run under the agreement in the job-count period, this one included.</summary>
    public long? JobCount { get; init; }
}
