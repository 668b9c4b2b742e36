namespace Dataspace.Connector.Tck;

/// <summary>One fixture dataset of the TCK seed file.</summary>
public sealed record TckDataset
{
    /// <summary>The dataset (asset) id the TCK names, e.g. <c>ACN0101</c>.</summary>
    public required string Id { get; init; }

    /// <summary>The id of its one offer, e.g. <c>CD123:ACN0101:456</c>; <c>&lt;id&gt;:offer</c> when absent.</summary>
    public string? OfferId { get; init; }

    /// <summary><c>provider</c> (default): our dataset, stored as an asset with its offer; <c>consumer</c>: the TCK's, which we negotiate for.</summary>
    public string Side { get; init; } = "provider";

    /// <summary>The title shown in the catalog.</summary>
    public string? Title { get; init; }

    /// <summary>Negotiation step (a <see cref="Negotiation.NegotiationStep"/> name, any case) to reaction (agree, finalize, verify, accept, offer, wait, terminate).</summary>
    public IReadOnlyDictionary<string, string> Negotiation { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Where the data is, for datasets transferred in the TCK's transfer cases: an address type a loaded data source
    /// handles (e.g. <c>HttpData</c> with <c>baseUrl</c>) and its properties. Absent: type <c>TckFixture</c>, which nothing serves.
    /// </summary>
    public TckDataAddress? DataAddress { get; init; }

    /// <summary>The offer id, defaulted.</summary>
    public string OfferIdOrDefault => OfferId ?? Id + ":offer";
}
