using System.Text.Json.Nodes;

namespace Dataspace.Connector.Client;

/// <summary>A policy to store: an ODRL policy in JSON-LD (ODRL or DSP context); without an id the connector picks one.</summary>
public sealed record PolicyInput(string? Id, JsonObject Policy);
