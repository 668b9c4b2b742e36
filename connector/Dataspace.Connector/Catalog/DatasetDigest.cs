namespace Dataspace.Connector.Catalog;

/// <summary>One entry of a dataset digest manifest (<see cref="DatasetManifest"/>).</summary>
/// <param name="Id">The dataset's id.</param>
/// <param name="Digest">The lowercase hex SHA-256 of the dataset's body as <c>GET catalog/datasets/{id}</c> answers the requester.</param>
public sealed record DatasetDigest(string Id, string Digest);
