namespace Dataspace.Connector.Client;

/// <summary>A contract negotiation; <see cref="State"/> is a DSP state name (see <see cref="NegotiationStates"/>).</summary>
public sealed record Negotiation(
    string Id,
    string Role,
    string State,
    string? ProviderPid,
    string? ConsumerPid,
    string CounterPartyId,
    string CounterPartyAddress,
    string OfferId,
    string AssetId,
    string? AgreementId,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
