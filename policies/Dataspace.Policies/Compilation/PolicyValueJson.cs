using System.Text.Json;
using System.Text.Json.Serialization;
using Dataspace.Policies.Model;

namespace Dataspace.Policies.Compilation;

/// <summary>Converts between <see cref="PolicyValue"/> and JSON (claims, function arguments).</summary>
internal static class PolicyValueJson
{
    /// <summary>A value as a JSON element: numbers and booleans as such, everything else as text, sets as arrays.</summary>
    public static JsonElement ToElement(PolicyValue value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, value);
        }

        using var document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }

    /// <summary>A claim value: strings, numbers, booleans and arrays of them; objects and null are no value.</summary>
    public static PolicyValue FromElement(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return PolicyValue.FromString(element.GetString()!);
            case JsonValueKind.Number:
                return element.TryGetDecimal(out var number) ? PolicyValue.FromNumber(number) : PolicyValue.None;
            case JsonValueKind.True:
                return PolicyValue.FromBoolean(true);
            case JsonValueKind.False:
                return PolicyValue.FromBoolean(false);
            case JsonValueKind.Array:
                var items = new List<PolicyValue>(element.GetArrayLength());
                foreach (var item in element.EnumerateArray())
                {
                    var converted = FromElement(item);
                    if (!converted.HasValue || converted.Kind == PolicyValueKind.Set)
                    {
                        return PolicyValue.None;
                    }

                    items.Add(converted);
                }

                return PolicyValue.FromSet(items);
            default:
                return PolicyValue.None;
        }
    }

    private static void Write(Utf8JsonWriter writer, PolicyValue value)
    {
        switch (value.Kind)
        {
            case PolicyValueKind.Number:
                writer.WriteNumberValue(value.Number);
                break;
            case PolicyValueKind.Boolean:
                writer.WriteBooleanValue(value.Number != 0);
                break;
            case PolicyValueKind.Set:
                writer.WriteStartArray();
                foreach (var item in value.Items)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case PolicyValueKind.None:
                writer.WriteNullValue();
                break;
            default:
                writer.WriteStringValue(value.ToString());
                break;
        }
    }
}

/// <summary>Source-generated serialization of the few plain values the engine builds itself.</summary>
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(Dictionary<string, int>))]
internal sealed partial class PolicyValueJsonContext : JsonSerializerContext;
