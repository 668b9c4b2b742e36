namespace Dataspace.Connector.Compute;

/// <summary>What a party needs to open a task's channel.</summary>
/// <param name="JobId">The job's id, the same at every party.</param>
/// <param name="TaskId">The task's id, the same at every party.</param>
/// <param name="Self">This connector's participant id.</param>
/// <param name="Peers">The other parties of the task and where to reach them.</param>
public sealed record ComputeChannelRequest(string JobId, string TaskId, string Self, IReadOnlyList<ComputePeerEndpoint> Peers);
