namespace Dataspace.Sdk.Compute;

/// <summary>One party of a task: a participant in a role.</summary>
/// <param name="ParticipantId">The party's DID (its DSP participant id).</param>
/// <param name="Role">The role it plays, one of the component's <see cref="ComponentDescriptor.Roles"/>.</param>
public sealed record ComputeParty(string ParticipantId, string Role);
