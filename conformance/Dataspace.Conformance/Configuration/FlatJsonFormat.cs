using System.Text;
using System.Text.Json;

namespace Dataspace.Conformance.Configuration;

/// <summary>Reads a flat JSON object of configuration keys: each value a string, number or boolean (kept as its text).</summary>
public static class FlatJsonFormat
{
    /// <summary>The key/value pairs of the object in <paramref name="utf8"/>.</summary>
    /// <param name="utf8">The file's content.</param>
    /// <param name="source">The file name, for error messages.</param>
    /// <exception cref="ConfigurationFileException">Not JSON, not one object, a nested value, null or a repeated key, naming its line.</exception>
    public static IReadOnlyDictionary<string, string> Parse(ReadOnlySpan<byte> utf8, string source)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new ConfigurationFileException(source, LineOf(utf8, reader.TokenStartIndex), "expected one JSON object of \"key\": \"value\" pairs");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var key = reader.GetString()!;
                var line = LineOf(utf8, reader.TokenStartIndex);
                reader.Read();
                var value = reader.TokenType switch
                {
                    JsonTokenType.String => reader.GetString()!,
                    JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
                    JsonTokenType.True => "true",
                    JsonTokenType.False => "false",
                    _ => throw new ConfigurationFileException(source, line, $"the value of '{key}' is {Describe(reader.TokenType)}; expected a string, number or boolean (keys are flat, e.g. \"dataspacetck.dsp.connector.http.url\")"),
                };
                if (!values.TryAdd(key, value))
                {
                    throw new ConfigurationFileException(source, line, $"the key '{key}' is given twice");
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                throw new ConfigurationFileException(source, LineOf(utf8, reader.TokenStartIndex), "unexpected content after the configuration object");
            }
        }
        catch (JsonException e)
        {
            throw new ConfigurationFileException(source, (int)(e.LineNumber ?? 0) + 1, "not valid JSON: " + FirstSentence(e.Message));
        }

        return values;
    }

    private static int LineOf(ReadOnlySpan<byte> utf8, long offset) =>
        utf8[..(int)Math.Min(offset, utf8.Length)].Count((byte)'\n') + 1;

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(" Path:", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message;
    }
}
