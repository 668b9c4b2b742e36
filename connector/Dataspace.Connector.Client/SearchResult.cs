using System.Text.Json.Nodes;

namespace Dataspace.Connector.Client;

/// <summary>A dataset found in the data space's federated catalog, with what is needed to negotiate for it.</summary>
/// <param name="Provider">The provider's DID (the negotiation's counter-party id).</param>
/// <param name="ProviderName">The provider's name.</param>
/// <param name="DspEndpoint">The provider's DSP endpoint (the negotiation's counter-party address).</param>
/// <param name="Subspaces">The provider's subspaces.</param>
/// <param name="DatasetId">The dataset's id.</param>
/// <param name="Title">Its title.</param>
/// <param name="Description">Its description.</param>
/// <param name="Keywords">Its keywords.</param>
/// <param name="Classification">Its classification level.</param>
/// <param name="MediaTypes">Its media types.</param>
/// <param name="TransferTypes">Its transfer types.</param>
/// <param name="PolicyFeatures">Its offers' policy features (aggregate-only, open, constraint:NAME, ...).</param>
/// <param name="Offers">Its offers as the provider showed them to this connector.</param>
/// <param name="Properties">Its other properties.</param>
/// <param name="CrawledAt">When the provider's catalog was last read.</param>
public sealed record SearchResult(
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
    IReadOnlyList<RemoteOffer> Offers,
    JsonObject Properties,
    DateTimeOffset? CrawledAt)
{
    /// <summary>Whether the dataset carries a verified data-product registration record.</summary>
    public bool Registered { get; init; }

    /// <summary>The registration number (登记编号) of that record.</summary>
    public string? RegistrationNumber { get; init; }
}
