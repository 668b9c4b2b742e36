using System.Text.Json.Nodes;

namespace Dataspace.Connector.Client;

/// <summary>A stored ODRL policy.</summary>
public sealed record PolicyDefinition(string Id, JsonObject Policy, DateTimeOffset CreatedAt);
