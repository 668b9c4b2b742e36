using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dataspace.Conformance.Reports;

/// <summary>
/// The digest a certificate names: <c>sha256:</c> and the lowercase hex SHA-256 of the JSON report's canonical form
/// (object members sorted by ordinal name, no whitespace, UTF-8, minimal string escaping). Indentation or member order
/// of a stored report file therefore does not change the digest; any change of content does.
/// </summary>
public static class ReportDigest
{
    /// <summary>The prefix naming the hash algorithm.</summary>
    public const string Prefix = "sha256:";

    private static readonly JsonWriterOptions Canonical = new() { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The digest of a report object.</summary>
    public static string Compute(JsonNode report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return Prefix + Convert.ToHexStringLower(SHA256.HashData(CanonicalBytes(report)));
    }

    /// <summary>The digest of a JSON report file (as written by <see cref="ConformanceReportWriter"/>).</summary>
    /// <exception cref="InvalidDataException">The file is not a JSON report.</exception>
    public static async Task<string> ComputeFromFileAsync(string path, CancellationToken cancellationToken)
    {
        var stream = File.OpenRead(path);
        await using (stream.ConfigureAwait(false))
        {
            JsonNode? report;
            try
            {
                // A repeated member would make the canonical form ambiguous; it is refused rather than resolved either way.
                report = await JsonNode.ParseAsync(stream, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false }, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{Path.GetFileName(path)} is not JSON: {e.Message}", e);
            }

            if (report is not JsonObject json || json["reportFormat"]?.GetValueKind() != JsonValueKind.String)
            {
                throw new InvalidDataException($"{Path.GetFileName(path)} is not a conformance JSON report (no 'reportFormat')");
            }

            return Compute(json);
        }
    }

    /// <summary>The canonical UTF-8 form of a JSON value.</summary>
    public static byte[] CanonicalBytes(JsonNode report)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Canonical))
        {
            Write(writer, report);
        }

        return buffer.ToArray();
    }

    private static void Write(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (name, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(name);
                    Write(writer, value);
                }

                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }
}
