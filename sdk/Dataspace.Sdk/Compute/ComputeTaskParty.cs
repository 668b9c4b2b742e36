namespace Dataspace.Sdk.Compute;

/// <summary>One party of a task: who, in which role, with which input.</summary>
/// <param name="ParticipantId">The party's DID.</param>
/// <param name="Role">Its role, one of the component's roles.</param>
/// <param name="Input">Its input; null for a party that brings no data (e.g. an arbiter).</param>
public sealed record ComputeTaskParty(string ParticipantId, string Role, ComputeTaskInput? Input);
