using System.Text.Json.Nodes;
using Dataspace.Sdk.Transfer;

namespace Dataspace.Plugins.Storage.Postgres.Internal;

/// <summary>How the stores keep JSON columns: as text, exactly as written (the same shape as the embedded database).</summary>
internal static class PostgresJson
{
    public static string Write(DataAddress address) =>
        new JsonObject
        {
            ["type"] = address.Type,
            ["properties"] = new JsonObject(address.Properties.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value)))),
        }.ToJsonString();

    public static DataAddress ReadAddress(string json)
    {
        var node = ReadObject(json);
        var properties = node["properties"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>(), StringComparer.Ordinal);
        return new DataAddress(node["type"]!.GetValue<string>(), properties);
    }

    public static JsonObject ReadObject(string json) => JsonNode.Parse(json)!.AsObject();
}
