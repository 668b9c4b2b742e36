using System.Text.Json;

namespace Dataspace.Sdk.Compute;

/// <summary>Everything one party's run of one task gets.</summary>
public sealed record ComponentContext
{
    /// <summary>The job's id, the same at every party.</summary>
    public required string JobId { get; init; }

    /// <summary>The task's id within the job, the same at every party.</summary>
    public required string TaskId { get; init; }

    /// <summary>This party's participant id (DID).</summary>
    public required string Self { get; init; }

    /// <summary>This party's role in the task.</summary>
    public required string Role { get; init; }

    /// <summary>Every party of the task, this one included, in the order the job lists them.</summary>
    public required IReadOnlyList<ComputeParty> Parties { get; init; }

    /// <summary>The task's attributes, validated against the descriptor, defaults filled in.</summary>
    public required IReadOnlyDictionary<string, JsonElement> Attributes { get; init; }

    /// <summary>This party's inputs by name (often one, <c>input</c>); empty for a party without data.</summary>
    public required IReadOnlyDictionary<string, IComputeInput> Inputs { get; init; }

    /// <summary>This party's binary inputs by name (e.g. <c>model</c> for a model it sends); empty when it has none.</summary>
    public IReadOnlyDictionary<string, IComputeBlobInput> Blobs { get; init; } = new Dictionary<string, IComputeBlobInput>();

    /// <summary>Where this party's outputs go; the engine shows them to their receivers.</summary>
    public required IComputeOutputs Outputs { get; init; }

    /// <summary>The authenticated, ordered, back-pressured channel to the task's other parties.</summary>
    public required IComputeChannel Channel { get; init; }

    /// <summary>What this party may release, from the agreement.</summary>
    public required ReleasePolicy Release { get; init; }

    /// <summary>The differential-privacy budget of the agreement behind this task, for components that spend one.</summary>
    public IPrivacyBudget? Budget { get; init; }

    /// <summary>Reports progress (0..1 with a short phase name) to every party's view of the job.</summary>
    public IProgress<ComputeProgress>? Progress { get; init; }

    /// <summary>The time source of the host.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Gets a string attribute, or null when absent.</summary>
    public string? GetString(string name)
        => Attributes.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
