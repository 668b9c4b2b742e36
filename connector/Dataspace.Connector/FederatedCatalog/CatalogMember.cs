namespace Dataspace.Connector.FederatedCatalog;

/// <summary>A member whose catalog is crawled: who it is, where its DSP endpoint is and which subspaces it is in.</summary>
/// <param name="Did">The member's DID, also the counter-party id its catalog is requested as.</param>
/// <param name="Name">Its legal or display name.</param>
/// <param name="DspEndpoint">Its DSP endpoint.</param>
/// <param name="Subspaces">Its subspaces.</param>
public sealed record CatalogMember(string Did, string Name, string DspEndpoint, IReadOnlyList<string> Subspaces);
