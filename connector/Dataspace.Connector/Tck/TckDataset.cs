namespace Dataspace.Connector.Tck;

/// <summary>One fixture dataset of the TCK seed file.</summary>
public sealed record TckDataset
{
    /// <summary>The dataset (asset) id the TCK names, e.g. <c>ACN0101</c>.</summary>
    public required string Id { get; init; }

    /// <summary>The id of its one offer, e.g. <c>CD123:ACN0101:456</c>; <c>&lt;id&gt;:offer</c> when absent.</summary>
    public string? OfferId { get; init; }

    /// <summary>The title shown in the catalog.</summary>
    public string? Title { get; init; }

    /// <summary>Negotiation step (requested, counterRequested, accepted, verified) to reaction (agree, finalize, offer, wait, terminate).</summary>
    public IReadOnlyDictionary<string, string> Negotiation { get; init; } = new Dictionary<string, string>();

    /// <summary>The offer id, defaulted.</summary>
    public string OfferIdOrDefault => OfferId ?? Id + ":offer";
}
