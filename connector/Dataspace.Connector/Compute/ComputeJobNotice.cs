using Dataspace.Sdk.Compute;

namespace Dataspace.Connector.Compute;

/// <summary>A state notice one party of a job sends another: an approval, a rejection, a start, progress or an outcome.</summary>
/// <param name="JobId">The job.</param>
/// <param name="State">The state the sender holds the job in (for the sender's own part when it reports its run).</param>
/// <param name="Reason">Why it failed, was rejected or stopped.</param>
/// <param name="Progress">The sender's progress, 0..1.</param>
/// <param name="Phase">The sender's current phase.</param>
public sealed record ComputeJobNotice(string JobId, ComputeJobState State, string? Reason = null, double Progress = 0, string? Phase = null);
