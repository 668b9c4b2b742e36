using System.Text.Json.Nodes;

namespace Dataspace.Connector.Client;

/// <summary>An asset: catalog properties and where its data is.</summary>
public sealed record Asset(string Id, JsonObject Properties, DataAddress DataAddress, DateTimeOffset CreatedAt);
