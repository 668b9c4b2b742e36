using Dataspace.Policies.Compute;
using Dataspace.Sdk.Compute;

namespace Dataspace.Connector.Compute;

/// <summary>How a job fits one provider's agreement.</summary>
/// <param name="Refusal">Why the job asks for more than the agreement allows (it ends the job); null when it does not.</param>
/// <param name="NeedsApproval">Why a person must approve it (the compute scope does not permit it as is); null when it fits.</param>
/// <param name="Terms">The agreement's compute terms.</param>
internal sealed record ComputeFit(string? Refusal, string? NeedsApproval, ComputeTerms Terms)
{
    /// <summary>A job the agreement refuses.</summary>
    public static ComputeFit Refused(string reason) => new(reason, null, new ComputeTerms());
}
