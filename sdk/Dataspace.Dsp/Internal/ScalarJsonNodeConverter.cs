using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Dataspace.Dsp.Internal;

/// <summary>Reads JSON scalars straight into <see cref="JsonValue"/>s: the default converter builds a JsonDocument per value, which dominates the fast path.</summary>
internal sealed class ScalarJsonNodeConverter : JsonConverter<JsonNode?>
{
    public override JsonNode? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return JsonValue.Create(reader.GetString());
            case JsonTokenType.True:
                return JsonValue.Create(true);
            case JsonTokenType.False:
                return JsonValue.Create(false);
            case JsonTokenType.Number when reader.TryGetInt64(out var integer):
                return JsonValue.Create(integer);
            case JsonTokenType.Number when reader.TryGetDecimal(out var number):
                return JsonValue.Create(number);
            case JsonTokenType.Null:
                return null;
            default:
                return JsonNode.Parse(ref reader);
        }
    }

    public override void Write(Utf8JsonWriter writer, JsonNode? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            value.WriteTo(writer, options);
        }
    }
}
