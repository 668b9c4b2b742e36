namespace Dataspace.Connector.Client;

/// <summary>An offer to create: an asset, who may see it (access policy) and what a consumer agrees to (contract policy).</summary>
public sealed record OfferInput(string? Id, string AssetId, string AccessPolicyId, string ContractPolicyId);
