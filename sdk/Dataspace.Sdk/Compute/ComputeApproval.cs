namespace Dataspace.Sdk.Compute;

/// <summary>One provider's decision on a job.</summary>
/// <param name="ParticipantId">The provider's DID.</param>
/// <param name="Decision">Pending, approved or rejected.</param>
/// <param name="Automatic">Whether the job fitted the agreement and was approved without a person.</param>
/// <param name="Reason">Why it was held or rejected.</param>
/// <param name="At">When the decision was taken.</param>
public sealed record ComputeApproval(string ParticipantId, ComputeApprovalDecision Decision, bool Automatic, string? Reason, DateTimeOffset At);
