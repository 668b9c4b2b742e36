using System.Text.Json.Nodes;

namespace Dataspace.Connector.Client;

/// <summary>An asset to create or replace; without an id the connector picks one.</summary>
public sealed record AssetInput(string? Id, JsonObject? Properties, DataAddress DataAddress);
