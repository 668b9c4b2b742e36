namespace Dataspace.Sdk.Storage;

/// <summary>
/// What a provider offers: an asset, the policy deciding who may see the offer in the catalog (access policy) and the
/// policy a consumer agrees to (contract policy). The offer's id is the ODRL offer id peers negotiate on.
/// </summary>
public sealed record OfferDefinition(string Id, string AssetId, string AccessPolicyId, string ContractPolicyId, DateTimeOffset CreatedAt);
