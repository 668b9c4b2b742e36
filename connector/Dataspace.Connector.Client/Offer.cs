namespace Dataspace.Connector.Client;

/// <summary>An offer of an asset under an access and a contract policy.</summary>
public sealed record Offer(string Id, string AssetId, string AccessPolicyId, string ContractPolicyId, DateTimeOffset CreatedAt);
