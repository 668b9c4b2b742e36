using System.Text.Json;

namespace Dataspace.Connector.Host;

/// <summary>One line for a JSON file that does not parse: the file, the 1-based line and column, and what is wrong.</summary>
public static class JsonFileError
{
    /// <summary>Describes <paramref name="error"/> in <paramref name="file"/> the way an editor counts lines and columns.</summary>
    /// <remarks>System.Text.Json counts from 0, appends its own position, and suggests changing reader options the user does not have.</remarks>
    public static string Describe(string file, JsonException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var message = error.Message;
        var at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (at >= 0)
        {
            message = message[..at];
        }

        at = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (at >= 0)
        {
            message = message[..at];
        }

        message = message
            .Replace(" which is not supported in this mode.", ", which JSON does not allow.", StringComparison.Ordinal)
            .Replace(" Change the reader options.", "", StringComparison.Ordinal)
            .Trim().TrimEnd('.', ' ', '|');
        var position = error.LineNumber is { } line
            ? $", line {line + 1}, column {(error.BytePositionInLine ?? 0) + 1}"
            : "";
        return $"{file}{position}: {message}";
    }

    /// <summary>The <see cref="JsonException"/> somewhere in <paramref name="error"/>'s chain of inner exceptions, if any.</summary>
    public static JsonException? Find(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is JsonException json)
            {
                return json;
            }
        }

        return null;
    }
}
