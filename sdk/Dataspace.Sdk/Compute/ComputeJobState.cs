namespace Dataspace.Sdk.Compute;

/// <summary>Where a compute job is, the same code at every party (spaced so states can be inserted later).</summary>
public enum ComputeJobState
{
    /// <summary>Proposed by the initiating consumer, not yet accepted by every provider.</summary>
    Proposed = 100,

    /// <summary>At least one provider has to approve it by hand (the job does not fit its agreement as is).</summary>
    AwaitingApproval = 200,

    /// <summary>Every provider approved; waiting to run.</summary>
    Approved = 300,

    /// <summary>Its tasks are running.</summary>
    Running = 400,

    /// <summary>Paused by a party; restart runs the unfinished tasks again.</summary>
    Suspended = 500,

    /// <summary>Every task succeeded; the outputs are with their receivers. Final.</summary>
    Succeeded = 600,

    /// <summary>A task failed or the job broke a rule; <see cref="ComputeJob.Reason"/> says why. Final.</summary>
    Failed = 700,

    /// <summary>A provider refused it; <see cref="ComputeJob.Reason"/> says why. Final.</summary>
    Rejected = 800,

    /// <summary>A party stopped it. Final.</summary>
    Stopped = 900,
}
