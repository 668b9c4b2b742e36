using Dataspace.Conformance.Policy;

namespace Dataspace.Conformance;

internal static partial class CheckRegistry
{
    /// <summary>The policy profile's checks, in run order.</summary>
    internal static partial IEnumerable<ConformanceCheck> Policy() =>
        [.. VisibilityChecks.All(), .. NegotiationChecks.All(), .. UsageLimitChecks.All()];
}
