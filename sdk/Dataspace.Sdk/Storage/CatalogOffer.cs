namespace Dataspace.Sdk.Storage;

/// <summary>An offer with what a catalog needs of it, read in bulk: its asset's properties and both policies as stored JSON.</summary>
public sealed record CatalogOffer(string Id, string AssetId, string AssetProperties, string AccessPolicy, string ContractPolicy);
