namespace Dataspace.Connector.Catalog;

/// <summary>The outcome of <see cref="ICounterPartyResolver.ResolveAsync"/>: the DSP endpoint, or the reason there is none.</summary>
/// <param name="DspEndpoint">The counterparty's DSP endpoint; null when not found.</param>
/// <param name="Error">Why it was not found; null when found.</param>
public sealed record CounterPartyResolution(string? DspEndpoint, string? Error)
{
    /// <summary>Found at <paramref name="endpoint"/>.</summary>
    public static CounterPartyResolution Found(string endpoint) => new(endpoint, null);

    /// <summary>Not found, with the reason.</summary>
    public static CounterPartyResolution NotFound(string reason) => new(null, reason);
}
