using System.Text.Json.Nodes;

namespace Dataspace.Connector.Client;

/// <summary>A policy template of the connector's library: titles and descriptions by language (<c>en</c>, <c>zh</c>), the JSON schema of its parameters and an example.</summary>
public sealed record PolicyTemplate(
    string Id,
    IReadOnlyDictionary<string, string> Title,
    IReadOnlyDictionary<string, string> Description,
    JsonObject Parameters,
    JsonObject? Example);
