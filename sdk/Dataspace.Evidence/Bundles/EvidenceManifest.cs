using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dataspace.Evidence.Bundles;

/// <summary>The payload of a bundle's manifest JWS: what the exporter vouches the bundle holds.</summary>
/// <remarks>
/// Entries are listed by index and leaf hash, so a dropped, reordered or added entry is caught even though each entry's
/// own proof still verifies; the checkpoint notes and DID documents are listed by SHA-256 digest of their exact text.
/// </remarks>
internal sealed record EvidenceManifest
{
    public const string FormatName = "dataspace-evidence-manifest/v1";
    public const string JwsType = "evidence-manifest+jwt";

    public required string HashAlgorithm { get; init; }

    public required string LogKeyName { get; init; }

    public required long ExportedAt { get; init; }

    public required JsonObject Query { get; init; }

    public required string CheckpointDigest { get; init; }

    public required IReadOnlyList<string> EarlierCheckpointDigests { get; init; }

    public required IReadOnlyList<(long Index, string LeafHash)> Entries { get; init; }

    public required IReadOnlyList<string> DidDocumentDigests { get; init; }

    public static string Digest(string text) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public JsonObject ToJson()
    {
        var entries = new JsonArray();
        foreach (var (index, leafHash) in Entries)
        {
            entries.Add(new JsonObject { ["index"] = index, ["leafHash"] = leafHash });
        }

        return new JsonObject
        {
            ["format"] = FormatName,
            ["iat"] = ExportedAt,
            ["hash"] = HashAlgorithm,
            ["logKey"] = LogKeyName,
            ["query"] = Query.DeepClone(),
            ["checkpoint"] = CheckpointDigest,
            ["earlierCheckpoints"] = new JsonArray([.. EarlierCheckpointDigests.Select(d => (JsonNode)JsonValue.Create(d))]),
            ["entries"] = entries,
            ["didDocuments"] = new JsonArray([.. DidDocumentDigests.Select(d => (JsonNode)JsonValue.Create(d))]),
        };
    }

    public static bool TryParse(JsonElement payload, [NotNullWhen(true)] out EvidenceManifest? manifest, [NotNullWhen(false)] out string? reason)
    {
        manifest = null;
        try
        {
            if (Get(payload, "format", JsonValueKind.String).GetString() != FormatName)
            {
                reason = $"the manifest's format is not '{FormatName}'";
                return false;
            }

            var entries = new List<(long, string)>();
            foreach (var entry in Get(payload, "entries", JsonValueKind.Array).EnumerateArray())
            {
                entries.Add((Get(entry, "index", JsonValueKind.Number).GetInt64(), Get(entry, "leafHash", JsonValueKind.String).GetString()!));
            }

            manifest = new EvidenceManifest
            {
                HashAlgorithm = Get(payload, "hash", JsonValueKind.String).GetString()!,
                LogKeyName = Get(payload, "logKey", JsonValueKind.String).GetString()!,
                ExportedAt = Get(payload, "iat", JsonValueKind.Number).GetInt64(),
                Query = JsonObject.Create(Get(payload, "query", JsonValueKind.Object).Clone())!,
                CheckpointDigest = Get(payload, "checkpoint", JsonValueKind.String).GetString()!,
                EarlierCheckpointDigests = Strings(Get(payload, "earlierCheckpoints", JsonValueKind.Array)),
                Entries = entries,
                DidDocumentDigests = Strings(Get(payload, "didDocuments", JsonValueKind.Array)),
            };
            reason = null;
            return true;
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or InvalidOperationException)
        {
            reason = $"the manifest is malformed: {e.Message}";
            return false;
        }
    }

    public string ExportedAtText => DateTimeOffset.FromUnixTimeSeconds(ExportedAt).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static List<string> Strings(JsonElement array) =>
        array.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : throw new InvalidDataException("a digest list holds strings")).ToList();

    private static JsonElement Get(JsonElement element, string name, JsonValueKind kind) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == kind
            ? value
            : throw new InvalidDataException($"'{name}' is missing or not a JSON {kind.ToString().ToLowerInvariant()}");
}
