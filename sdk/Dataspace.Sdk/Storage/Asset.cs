using System.Text.Json.Nodes;
using Dataspace.Sdk.Transfer;

namespace Dataspace.Sdk.Storage;

/// <summary>Data a provider shares: descriptive properties (shown in the catalog) and where the data is (never shown).</summary>
public sealed record Asset(string Id, JsonObject Properties, DataAddress DataAddress, DateTimeOffset CreatedAt);
