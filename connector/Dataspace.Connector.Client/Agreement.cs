using System.Text.Json.Nodes;

namespace Dataspace.Connector.Client;

/// <summary>A contract agreement: who agreed on which asset under which ODRL policy.</summary>
public sealed record Agreement(string Id, string NegotiationId, string ProviderId, string ConsumerId, string AssetId, JsonObject Policy, DateTimeOffset SignedAt);
