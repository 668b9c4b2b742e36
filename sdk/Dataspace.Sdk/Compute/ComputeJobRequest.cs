namespace Dataspace.Sdk.Compute;

/// <summary>What a consumer proposes: the tasks and the agreement of each participating provider.</summary>
public sealed record ComputeJobRequest
{
    /// <summary>The job's id; one is generated when null.</summary>
    public string? Id { get; init; }

    /// <summary>The tasks (a DAG through <see cref="ComputeTask.DependsOn"/>).</summary>
    public required IReadOnlyList<ComputeTask> Tasks { get; init; }

    /// <summary>The agreement binding each provider that takes part.</summary>
    public required IReadOnlyList<ComputeJobAgreement> Agreements { get; init; }
}
