using Dataspace.Conformance.Dcp;

namespace Dataspace.Conformance;

internal static partial class CheckRegistry
{
    /// <summary>The dcp profile's checks, in run order.</summary>
    internal static partial IEnumerable<ConformanceCheck> Dcp() =>
        [.. TokenChecks.All(), .. CredentialServiceChecks.All(), .. StatusChecks.All()];
}
