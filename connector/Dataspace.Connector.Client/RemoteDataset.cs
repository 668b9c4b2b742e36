using System.Text.Json.Nodes;

namespace Dataspace.Connector.Client;

/// <summary>A dataset of another connector's catalog, with the offers this connector may negotiate and its transfer types.</summary>
public sealed record RemoteDataset(string Id, JsonObject Properties, IReadOnlyList<RemoteOffer> Offers, IReadOnlyList<string> TransferTypes);
