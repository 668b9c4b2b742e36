using System.Text.Json.Nodes;

namespace Dataspace.Connector.FederatedCatalog;

/// <summary>One search result: a dataset of a member's catalog, with what is needed to negotiate for it.</summary>
/// <param name="Provider">The member's DID (the counter-party id of a negotiation).</param>
/// <param name="ProviderName">The member's name.</param>
/// <param name="DspEndpoint">The member's DSP endpoint (the counter-party address of a negotiation).</param>
/// <param name="Subspaces">The member's subspaces.</param>
/// <param name="DatasetId">The dataset's id.</param>
/// <param name="Title">Its title.</param>
/// <param name="Description">Its description.</param>
/// <param name="Keywords">Its keywords.</param>
/// <param name="Classification">Its classification level.</param>
/// <param name="MediaTypes">Its media types.</param>
/// <param name="TransferTypes">Its transfer types.</param>
/// <param name="PolicyFeatures">Its offers' policy features.</param>
/// <param name="Offers">Its offers (<c>{"id", "policy"}</c>) as the member showed them to this connector.</param>
/// <param name="Properties">Its other properties.</param>
/// <param name="CrawledAt">When the member's catalog was last read successfully.</param>
public sealed record FederatedSearchHit(
    string Provider,
    string ProviderName,
    string DspEndpoint,
    IReadOnlyList<string> Subspaces,
    string DatasetId,
    string? Title,
    string? Description,
    IReadOnlyList<string> Keywords,
    string? Classification,
    IReadOnlyList<string> MediaTypes,
    IReadOnlyList<string> TransferTypes,
    IReadOnlyList<string> PolicyFeatures,
    JsonArray Offers,
    JsonObject Properties,
    DateTimeOffset? CrawledAt)
{
    /// <summary>Whether the dataset carries a verified data-product registration record.</summary>
    public bool Registered { get; init; }

    /// <summary>The registration number (登记编号) of the verified record.</summary>
    public string? RegistrationNumber { get; init; }
}
