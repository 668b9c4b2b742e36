namespace Dataspace.Conformance;

/// <summary>
/// The official DSP TCK's cases (eclipse-dataspacetck/dsp-tck, DSP 2025-1): the same ids, fixture keys, messages, order,
/// waits and assertions, so results line up with the official kit.
/// </summary>
internal static partial class TckCases
{
    public static IEnumerable<ConformanceCheck> All() =>
        [.. MetadataAndCatalog(), .. ProviderNegotiation(), .. ConsumerNegotiation(), .. ProviderTransfer(), .. ConsumerTransfer()];

    private static string Fixture(this DspCounterParty party, string key) => party.Context.Configuration.Get(key);

    /// <summary>A case id's fixture-key prefix: <c>CN_C:01-02</c> → <c>CN_C_01_02</c>.</summary>
    private static string KeyPrefix(string id) => id.Replace(':', '_').Replace('-', '_');
}
