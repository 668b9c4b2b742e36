using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dataspace.Dsp;

namespace Dataspace.Connector.Catalog;

/// <summary>
/// Our extension of the DSP 2025-1 catalog request (docs/federated-catalog.md, "Dataset digest manifest"): a catalog
/// request whose <c>filter</c> is <c>[{"@type": RequestType}]</c> is answered with a catalog holding no datasets but,
/// under <see cref="DigestsProperty"/>, the id and SHA-256 of every dataset the requester may see, paged like the
/// catalog. A dataset's digest is that of the body <c>GET catalog/datasets/{id}</c> answers the same requester, so a
/// crawler fetches only the datasets whose digest changed and checks each against the manifest.
/// </summary>
public static class DatasetManifest
{
    /// <summary>The namespace of this connector's terms.</summary>
    public const string Namespace = "https://w3id.org/dataspace-connector/v1/";

    /// <summary>The <c>@type</c> of the catalog request filter asking for the manifest.</summary>
    public const string RequestType = Namespace + "DatasetDigestsRequest";

    /// <summary>The catalog property holding the manifest's entries: an array of <c>{"@id", DigestProperty}</c>.</summary>
    public const string DigestsProperty = Namespace + "datasetDigests";

    /// <summary>The property of an entry holding the lowercase hex SHA-256 of the dataset's body.</summary>
    public const string DigestProperty = Namespace + "sha256";

    /// <summary>The longest dataset id a manifest may list (a peer's manifest is the peer's to fill).</summary>
    public const int MaxIdLength = 2048;

    /// <summary>The filter of a catalog request asking for the manifest.</summary>
    public static JsonObject Filter() => new() { ["@type"] = RequestType };

    /// <summary>Whether a catalog request's filter asks for the manifest.</summary>
    public static bool IsRequested(IReadOnlyList<JsonNode>? filter) =>
        filter is [JsonObject only] && IsRequestType(only["@type"] is JsonArray { Count: 1 } types ? types[0] : only["@type"]);

    /// <summary>The digest of a dataset's body as <c>GET catalog/datasets/{id}</c> sends it: lowercase hex SHA-256.</summary>
    public static string Digest(ReadOnlySpan<byte> body) => Convert.ToHexStringLower(SHA256.HashData(body));

    /// <summary>One manifest page as JSON (a DSP catalog without datasets, valid JSON-LD: the extension terms are full IRIs).</summary>
    public static byte[] Write(string catalogId, string participantId, IReadOnlyList<DatasetDigest> entries)
    {
        using var buffer = new MemoryStream(256 + (entries.Count * 160));
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("@context");
            json.WriteStringValue(DspContext.Url);
            json.WriteEndArray();
            json.WriteString("@id", catalogId);
            json.WriteString("@type", "Catalog");
            json.WriteString("participantId", participantId);
            json.WriteStartArray(DigestsProperty);
            foreach (var entry in entries)
            {
                json.WriteStartObject();
                json.WriteString("@id", entry.Id);
                json.WriteString(DigestProperty, entry.Digest);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Reads a manifest page: its entries and participant id; entries null (and no error) when the body is not a
    /// manifest (a provider that ignores the filter sends its catalog); an error when it is one but malformed.
    /// </summary>
    public static (List<DatasetDigest>? Entries, string? ParticipantId, string? Error) Read(byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            return (null, null, $"the answer is not JSON: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(DigestsProperty, out var list))
            {
                return (null, null, null);
            }

            var participant = root.TryGetProperty("participantId", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
            if (list.ValueKind != JsonValueKind.Array)
            {
                return (null, participant, $"{DigestsProperty} is not an array");
            }

            var entries = new List<DatasetDigest>(list.GetArrayLength());
            foreach (var item in list.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object
                    || !item.TryGetProperty("@id", out var id) || id.ValueKind != JsonValueKind.String || id.GetString() is not { Length: > 0 and <= MaxIdLength } datasetId
                    || !item.TryGetProperty(DigestProperty, out var digest) || digest.ValueKind != JsonValueKind.String || digest.GetString() is not { } hex || !IsDigest(hex))
                {
                    return (null, participant, $"the entry {Cut(item.GetRawText())} of {DigestsProperty} is not {{\"@id\": a dataset id of 1 to {MaxIdLength} characters, \"{DigestProperty}\": 64 lowercase hex digits}}");
                }

                entries.Add(new DatasetDigest(datasetId, hex));
            }

            return (entries, participant, null);
        }
    }

    private static bool IsRequestType(JsonNode? type) => type is JsonValue value && value.TryGetValue<string>(out var text) && text == RequestType;

    private static bool IsDigest(string hex) => hex.Length == 64 && hex.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    private static string Cut(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
