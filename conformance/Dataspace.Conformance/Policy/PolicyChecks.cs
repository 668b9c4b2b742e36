namespace Dataspace.Conformance;

internal static partial class CheckRegistry
{
    /// <summary>The policy profile's checks, in run order.</summary>
    internal static partial IEnumerable<ConformanceCheck> Policy() => [];
}
