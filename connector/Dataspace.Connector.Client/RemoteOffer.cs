using System.Text.Json.Nodes;

namespace Dataspace.Connector.Client;

/// <summary>An offer in another connector's catalog: its id (to negotiate) and its ODRL policy.</summary>
public sealed record RemoteOffer(string Id, JsonObject Policy);
