namespace Dataspace.Conformance;

/// <summary>Where each profile's checks are listed; each profile's folder owns its list.</summary>
internal static partial class CheckRegistry
{
    internal static partial IEnumerable<ConformanceCheck> Dsp();
    internal static partial IEnumerable<ConformanceCheck> Dcp();
    internal static partial IEnumerable<ConformanceCheck> Policy();
    internal static partial IEnumerable<ConformanceCheck> Robustness();
}
