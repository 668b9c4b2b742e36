using System.Text.Json.Nodes;

namespace Dataspace.Connector.Management;

/// <summary>Where data lives, in the management API: a type handled by a data-source plugin and its properties.</summary>
public sealed record DataAddressDto(string Type, Dictionary<string, string>? Properties);

/// <summary>An asset to create or replace.</summary>
public sealed record AssetInput(string? Id, JsonObject? Properties, DataAddressDto? DataAddress);

/// <summary>An asset.</summary>
public sealed record AssetDto(string Id, JsonObject Properties, DataAddressDto DataAddress, DateTimeOffset CreatedAt);

/// <summary>A policy to create: an ODRL policy in JSON-LD (ODRL or DSP context).</summary>
public sealed record PolicyInput(string? Id, JsonObject? Policy);

/// <summary>A policy definition.</summary>
public sealed record PolicyDto(string Id, JsonObject Policy, DateTimeOffset CreatedAt);

/// <summary>An offer to create.</summary>
public sealed record OfferInput(string? Id, string? AssetId, string? AccessPolicyId, string? ContractPolicyId);

/// <summary>An offer.</summary>
public sealed record OfferDto(string Id, string AssetId, string AccessPolicyId, string ContractPolicyId, DateTimeOffset CreatedAt);

/// <summary>A page of a list.</summary>
public sealed record PageDto<T>(IReadOnlyList<T> Items, long Total, int Offset, int Limit);

/// <summary>Ask another connector for its catalog; <c>counterPartyId</c> (its participant id, a DID with DCP) addresses the request's token.</summary>
public sealed record CatalogRequestInput(string? CounterPartyAddress, string? CounterPartyId = null);

/// <summary>Another connector's catalog, as this connector may see it.</summary>
public sealed record RemoteCatalogDto(string? ParticipantId, string CounterPartyAddress, IReadOnlyList<RemoteDatasetDto> Datasets, JsonNode Catalog);

/// <summary>A dataset of another connector's catalog with the offers we may negotiate.</summary>
public sealed record RemoteDatasetDto(string Id, JsonObject Properties, IReadOnlyList<RemoteOfferDto> Offers, IReadOnlyList<string> TransferTypes);

/// <summary>An offer in another connector's catalog.</summary>
public sealed record RemoteOfferDto(string Id, JsonObject Policy);

/// <summary>
/// Start a negotiation for an offer of another connector. Without <paramref name="Policy"/> the connector fetches the
/// provider's catalog to find the offer; with it (the offer's <c>policy</c> and its dataset's <c>id</c> as a catalog
/// request answered them) the request goes out at once and the provider checks the offer.
/// </summary>
public sealed record NegotiationInput(string? CounterPartyAddress, string? OfferId, string? CounterPartyId, JsonObject? Policy = null, string? DatasetId = null);

/// <summary>A contract negotiation.</summary>
public sealed record NegotiationDto(
    string Id, string Role, string State, string? ProviderPid, string? ConsumerPid, string CounterPartyId, string CounterPartyAddress,
    string OfferId, string AssetId, string? AgreementId, string? Error, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>A reason, for terminating or suspending.</summary>
public sealed record ReasonInput(string? Reason);

/// <summary>A contract agreement.</summary>
public sealed record AgreementDto(string Id, string NegotiationId, string ProviderId, string ConsumerId, string AssetId, JsonObject Policy, DateTimeOffset SignedAt);

/// <summary>Start a transfer under an agreement; a push transfer names where the provider sends the data.</summary>
public sealed record TransferInput(string? AgreementId, string? TransferType, PushDestinationDto? Destination);

/// <summary>An HTTP endpoint the provider pushes data to, with optional header properties (e.g. <c>authorization</c>).</summary>
public sealed record PushDestinationDto(string Endpoint, Dictionary<string, string>? Properties);

/// <summary>A transfer process.</summary>
public sealed record TransferDto(
    string Id, string Role, string State, string? ProviderPid, string? ConsumerPid, string AgreementId, string AssetId, string TransferType,
    string CounterPartyId, string? Error, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>Where and how a consumer pulls a started transfer's data.</summary>
public sealed record EndpointDataReferenceDto(string TransferId, string Endpoint, string? AuthType, string? Authorization);
