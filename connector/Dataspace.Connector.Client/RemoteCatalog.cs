using System.Text.Json.Nodes;

namespace Dataspace.Connector.Client;

/// <summary>Another connector's catalog as it shows this connector: datasets with offers, and the DSP catalog itself.</summary>
public sealed record RemoteCatalog(string? ParticipantId, string CounterPartyAddress, IReadOnlyList<RemoteDataset> Datasets, JsonNode Catalog);
