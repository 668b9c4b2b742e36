using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;

namespace Dataspace.Conformance;

/// <summary>Assertions of the checks: each failure is a <see cref="ConformanceException"/> saying what the target did and what was expected.</summary>
internal static class Expect
{
    public static void That([DoesNotReturnIf(false)] bool condition, string violation)
    {
        if (!condition)
        {
            throw new ConformanceException(violation);
        }
    }

    public static void Equal(string? expected, string? actual, string what) =>
        That(string.Equals(expected, actual, StringComparison.Ordinal), $"{what} is '{actual ?? "(absent)"}'; expected '{expected}'");

    /// <summary>A string member, or the first string of an array (the TCK accepts both for @type).</summary>
    public static string? Text(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonArray { Count: > 0 } array => Text(array[0]),
        _ => null,
    };

    /// <summary>A message's <c>@type</c>: compacted (<c>ContractNegotiation</c>) or with the DSP namespace, both read as the term.</summary>
    public static string? Type(JsonObject message) =>
        Text(message["@type"]) is { } type && type.StartsWith(DspVocabulary.Namespace, StringComparison.Ordinal) ? type[DspVocabulary.Namespace.Length..] : Text(message["@type"]);

    public static void Type(JsonObject message, string expected, string where) =>
        That(Type(message) == expected, $"{where}: @type is '{Text(message["@type"]) ?? "(absent)"}'; expected '{expected}'. Message: {Clip(message.ToJsonString())}");

    public static string Clip(string text, int length = 600) => text.Length <= length ? text : text[..length] + "…";
}
