using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dataspace.Portal.Components.Common;

/// <summary>Checks JSON text as it is typed: the parsed object, or where and why it is not one.</summary>
public static class JsonSyntax
{
    /// <summary>The error, with its 1-based line and column, of <paramref name="text"/>; null when it is a JSON object.</summary>
    public static JsonSyntaxError? Check(string? text, out JsonObject? value)
    {
        value = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return new JsonSyntaxError(1, 1, "the policy is empty: write a JSON object");
        }

        try
        {
            var node = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
            if (node is JsonObject o)
            {
                value = o;
                return null;
            }

            return new JsonSyntaxError(1, 1, "a policy is a JSON object ({ ... })");
        }
        catch (JsonException e)
        {
            // System.Text.Json counts lines and bytes from 0; people count from 1.
            var line = (int)(e.LineNumber ?? 0) + 1;
            var column = (int)(e.BytePositionInLine ?? 0) + 1;
            var message = e.Message;
            var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            return new JsonSyntaxError(line, column, cut > 0 ? message[..cut].TrimEnd('.', ' ') : message);
        }
    }
}

/// <summary>Where JSON text goes wrong (1-based line and column) and why.</summary>
public sealed record JsonSyntaxError(int Line, int Column, string Message);
