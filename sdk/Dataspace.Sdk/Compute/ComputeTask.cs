using System.Text.Json;

namespace Dataspace.Sdk.Compute;

/// <summary>One component invocation of a job: the component, its attributes, its parties and what each receives.</summary>
/// <param name="Id">The task's id within the job (a short token).</param>
/// <param name="Component">The component's identifier, <c>domain/name:version</c>.</param>
/// <param name="Attributes">The component's attributes as set by the proposer.</param>
/// <param name="Parties">Each party of the task with its role and input.</param>
/// <param name="Releases">The release kinds each receiving participant asks for (participant id to kinds).</param>
/// <param name="DependsOn">Tasks that must succeed before this one runs.</param>
public sealed record ComputeTask(
    string Id,
    string Component,
    IReadOnlyDictionary<string, JsonElement> Attributes,
    IReadOnlyList<ComputeTaskParty> Parties,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Releases,
    IReadOnlyList<string>? DependsOn = null);
