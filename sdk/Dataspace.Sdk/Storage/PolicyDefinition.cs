using System.Text.Json.Nodes;

namespace Dataspace.Sdk.Storage;

/// <summary>A named ODRL policy (JSON-LD, as the participant wrote it) used as an offer's access or contract policy.</summary>
public sealed record PolicyDefinition(string Id, JsonObject Policy, DateTimeOffset CreatedAt);
