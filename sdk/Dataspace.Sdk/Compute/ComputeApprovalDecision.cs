namespace Dataspace.Sdk.Compute;

/// <summary>A provider's decision on a job.</summary>
public enum ComputeApprovalDecision
{
    /// <summary>Not decided yet: waits for a person.</summary>
    Pending = 0,

    /// <summary>Approved.</summary>
    Approved = 1,

    /// <summary>Rejected.</summary>
    Rejected = 2,
}
