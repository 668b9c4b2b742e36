using System.Text.Json;
using System.Text.Json.Nodes;
using Dataspace.Sdk.Transfer;

namespace Dataspace.Connector.Storage;

/// <summary>How stores keep JSON columns.</summary>
internal static class StoreJson
{
    public static string Write(DataAddress address) =>
        new JsonObject
        {
            ["type"] = address.Type,
            ["properties"] = new JsonObject(address.Properties.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value)))),
        }.ToJsonString();

    public static DataAddress ReadAddress(string json)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        var properties = node["properties"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>(), StringComparer.Ordinal);
        return new DataAddress(node["type"]!.GetValue<string>(), properties);
    }

    public static JsonObject ReadObject(string json) => JsonNode.Parse(json)!.AsObject();

    public static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture);

    public static DateTimeOffset ReadTimestamp(string text) =>
        DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value);
}
