namespace Dataspace.Conformance;

internal static partial class CheckRegistry
{
    /// <summary>The dsp profile's checks, in run order: the TCK's cases, then the suite's own protocol checks.</summary>
    internal static partial IEnumerable<ConformanceCheck> Dsp() => [.. TckCases.All(), .. DspProtocolChecks.All()];
}
