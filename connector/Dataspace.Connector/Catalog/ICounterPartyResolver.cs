namespace Dataspace.Connector.Catalog;

/// <summary>
/// Finds the DSP endpoint of a counterparty known by its DID (the management API's catalog and negotiation calls accept
/// a DID instead of a URL); the identity registers one that reads the participant registry of the data space joined.
/// </summary>
public interface ICounterPartyResolver
{
    /// <summary>The DSP endpoint of <paramref name="did"/>, or why it cannot be found.</summary>
    Task<CounterPartyResolution> ResolveAsync(string did, CancellationToken cancellationToken);
}
