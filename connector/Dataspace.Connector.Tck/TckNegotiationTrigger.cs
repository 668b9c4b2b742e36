namespace Dataspace.Connector.Tck;

/// <summary>The TCK's request to start a negotiation with it (plain JSON, as its consumer client sends it).</summary>
public sealed record TckNegotiationTrigger(string? ProviderId, string? OfferId, string? DatasetId, string? ConnectorAddress);
