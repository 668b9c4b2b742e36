namespace Dataspace.Sdk.Compute;

/// <summary>Which jobs to list.</summary>
/// <param name="State">Only jobs in this state.</param>
/// <param name="AgreementId">Only jobs bound by this agreement.</param>
public sealed record ComputeJobQuery(ComputeJobState? State = null, string? AgreementId = null);
