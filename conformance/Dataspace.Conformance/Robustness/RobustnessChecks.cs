namespace Dataspace.Conformance;

internal static partial class CheckRegistry
{
    /// <summary>The robustness profile's checks, in run order.</summary>
    internal static partial IEnumerable<ConformanceCheck> Robustness() => RobustnessCases.All();
}
