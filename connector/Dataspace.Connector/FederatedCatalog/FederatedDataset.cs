namespace Dataspace.Connector.FederatedCatalog;

/// <summary>One dataset of a member's catalog as the search index keeps it.</summary>
/// <param name="DatasetId">The dataset's id in the member's catalog.</param>
/// <param name="Title">Its title (dct:title), if any.</param>
/// <param name="Description">Its description (dct:description), if any.</param>
/// <param name="Keywords">Its keywords (dcat:keyword).</param>
/// <param name="Classification">Its classification level (a <c>classification</c> or <c>classificationLevel</c> property), if any.</param>
/// <param name="MediaTypes">Its media types (dcat:mediaType, dct:format of it or its distributions).</param>
/// <param name="TransferTypes">The transfer types of its distributions (dct:format), e.g. <c>HttpData-PULL</c>.</param>
/// <param name="PolicyFeatures">What its offers' policies hold, as searchable names (<see cref="PolicyFeatures"/>).</param>
/// <param name="OffersJson">Its offers as a JSON array of <c>{"id", "policy"}</c>, what a negotiation starts from.</param>
/// <param name="PropertiesJson">Its other properties as a JSON object.</param>
public sealed record FederatedDataset(
    string DatasetId,
    string? Title,
    string? Description,
    IReadOnlyList<string> Keywords,
    string? Classification,
    IReadOnlyList<string> MediaTypes,
    IReadOnlyList<string> TransferTypes,
    IReadOnlyList<string> PolicyFeatures,
    string OffersJson,
    string PropertiesJson)
{
    /// <summary>The catalog page (0 for the first) the dataset came on; a re-crawl replaces only the pages whose digest changed.</summary>
    public int Page { get; init; }

    /// <summary>The registration record (a VC JWT) the dataset carries, if any; trusted only once verified.</summary>
    public string? RegistrationRecord { get; init; }

    /// <summary>Whether the record was verified: signed by a trusted authority, about this dataset of this member, valid and not revoked.</summary>
    public bool Registered { get; init; }

    /// <summary>The registration number of a verified record.</summary>
    public string? RegistrationNumber { get; init; }

    /// <summary>The digest the member's dataset digest manifest gave for it, when it came with one; a re-crawl fetches only datasets whose digest changed.</summary>
    public string? Digest { get; init; }
}
