using System.Text.Json;
using Dataspace.Evidence.Entries;

namespace Dataspace.Evidence.Bundles;

/// <summary>Reading a bundle: bounded in size and counts, strict in form (no unknown or duplicate members, canonical base64).</summary>
public sealed partial class EvidenceBundle
{
    /// <summary>Reads a bundle written by <see cref="WriteAsync"/>, within <paramref name="limits"/> (the defaults when null).</summary>
    /// <exception cref="InvalidDataException">The input is not a well-formed bundle or exceeds a limit; the message says which.</exception>
    public static async Task<EvidenceBundle> ReadAsync(Stream stream, EvidenceBundleLimits? limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        limits ??= EvidenceBundleLimits.Default;
        var bytes = await ReadBoundedAsync(stream, limits.MaxBundleBytes, cancellationToken).ConfigureAwait(false);
        if (!System.Text.Unicode.Utf8.IsValid(bytes.Span))
        {
            throw new InvalidDataException("The evidence bundle is not valid UTF-8.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The evidence bundle is not valid JSON: {e.Message}", e);
        }

        EvidenceBundle bundle;
        using (document)
        {
            bundle = Parse(document.RootElement, limits);
        }

        // One bundle has one byte form: anything that parses to the same content but is spelled differently (escapes,
        // whitespace, number forms, unused base64 bits) is refused, so no flipped byte can hide in an alternative spelling.
        // The bundle is written again into a stream that compares as it goes, so no second copy is held.
        var canonical = new ComparingStream(bytes);
        await bundle.WriteAsync(canonical, cancellationToken).ConfigureAwait(false);
        if (!canonical.MatchesAll)
        {
            throw new InvalidDataException("The evidence bundle is not in the canonical form its writer produces (compact JSON, members in order, minimal escaping, canonical base64); it was altered or written by another tool.");
        }

        return bundle;
    }

    /// <summary>Reads a bundle with the default limits.</summary>
    /// <exception cref="InvalidDataException">The input is not a well-formed bundle or exceeds a limit; the message says which.</exception>
    public static Task<EvidenceBundle> ReadAsync(Stream stream, CancellationToken cancellationToken) => ReadAsync(stream, null, cancellationToken);

    private static async Task<ReadOnlyMemory<byte>> ReadBoundedAsync(Stream stream, long maxBytes, CancellationToken cancellationToken)
    {
        // A file's length is known: one buffer of that size (plus one byte to notice growth) instead of repeated doubling.
        var expected = stream.CanSeek ? stream.Length - stream.Position : 0;
        if (expected > maxBytes)
        {
            throw new InvalidDataException($"The evidence bundle is larger than the limit of {maxBytes} bytes.");
        }

        using var buffer = new MemoryStream((int)Math.Min(expected + 1, maxBytes + 1));
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new InvalidDataException($"The evidence bundle is larger than the limit of {maxBytes} bytes.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    private static EvidenceBundle Parse(JsonElement root, EvidenceBundleLimits limits)
    {
        var members = Members(root, "the bundle", "format", "hash", "logKey", "checkpoint", "earlierCheckpoints", "entries", "didDocuments", "manifest");
        var format = String(members, "format", "the bundle");
        if (format != FormatName)
        {
            throw new InvalidDataException($"The bundle's format is '{format}'; this reader understands '{FormatName}'.");
        }

        var earlier = Array(members, "earlierCheckpoints", "the bundle", limits.MaxEarlierCheckpoints);
        var entries = Array(members, "entries", "the bundle", limits.MaxEntries);
        var documents = Array(members, "didDocuments", "the bundle", limits.MaxDidDocuments);
        return new EvidenceBundle
        {
            HashAlgorithm = String(members, "hash", "the bundle"),
            LogKeyName = String(members, "logKey", "the bundle"),
            Checkpoint = String(members, "checkpoint", "the bundle"),
            EarlierCheckpoints = earlier.Select((e, i) =>
            {
                var where = $"earlier checkpoint {i}";
                var m = Members(e, where, "checkpoint", "consistency");
                return new BundleCheckpoint(String(m, "checkpoint", where), Hashes(m, "consistency", where, limits));
            }).ToList(),
            Entries = entries.Select((e, i) =>
            {
                var where = $"entry {i} of the bundle";
                var m = Members(e, where, "index", "data", "inclusion");
                if (!m.TryGetValue("index", out var indexElement) || indexElement.ValueKind != JsonValueKind.Number || !indexElement.TryGetInt64(out var index) || index < 0)
                {
                    throw new InvalidDataException($"The 'index' of {where} is missing or not a non-negative integer.");
                }

                where = $"entry {index}";
                var data = Base64Bytes(m, "data", where);
                if (data.Length > AuditEntryCodec.MaxEntryBytes)
                {
                    throw new InvalidDataException($"The data of {where} is {data.Length} bytes; at most {AuditEntryCodec.MaxEntryBytes} are allowed.");
                }

                return new BundleEntry(index, data, Hashes(m, "inclusion", where, limits));
            }).ToList(),
            DidDocuments = documents.Select((d, i) =>
            {
                if (d.ValueKind != JsonValueKind.String)
                {
                    throw new InvalidDataException($"DID document {i} of the bundle must be a string holding the document's JSON.");
                }

                var text = d.GetString()!;
                return System.Text.Encoding.UTF8.GetByteCount(text) <= limits.MaxDidDocumentBytes
                    ? text
                    : throw new InvalidDataException($"DID document {i} of the bundle is larger than {limits.MaxDidDocumentBytes} bytes.");
            }).ToList(),
            Manifest = String(members, "manifest", "the bundle"),
        };
    }

    private static Dictionary<string, JsonElement> Members(JsonElement element, string where, params string[] allowed)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{Capitalize(where)} must be a JSON object.");
        }

        var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var member in element.EnumerateObject())
        {
            if (!allowed.Contains(member.Name, StringComparer.Ordinal))
            {
                throw new InvalidDataException($"{Capitalize(where)} has an unknown member '{member.Name}'; expected {string.Join(", ", allowed)}.");
            }

            if (!members.TryAdd(member.Name, member.Value))
            {
                throw new InvalidDataException($"{Capitalize(where)} has the member '{member.Name}' twice.");
            }
        }

        return members;
    }

    private static string String(Dictionary<string, JsonElement> members, string name, string where) =>
        members.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new InvalidDataException($"{Capitalize(where)} has no string '{name}'.");

    private static List<JsonElement> Array(Dictionary<string, JsonElement> members, string name, string where, int max)
    {
        if (!members.TryGetValue(name, out var value) || value.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"{Capitalize(where)} has no array '{name}'.");
        }

        var length = value.GetArrayLength();
        return length <= max
            ? value.EnumerateArray().ToList()
            : throw new InvalidDataException($"{Capitalize(where)} has {length} items in '{name}'; at most {max} are allowed.");
    }

    private static List<byte[]> Hashes(Dictionary<string, JsonElement> members, string name, string where, EvidenceBundleLimits limits) =>
        Array(members, name, where, limits.MaxProofHashes)
            .Select(h => h.ValueKind == JsonValueKind.String && h.TryGetBytesFromBase64(out var bytes)
                ? bytes
                : throw new InvalidDataException($"The '{name}' proof of {where} must hold standard base64 strings."))
            .ToList();

    // Decoded straight from the UTF-8 JSON; a non-canonical spelling (unused bits set) is caught by the canonical-form check.
    private static byte[] Base64Bytes(Dictionary<string, JsonElement> members, string name, string where) =>
        members.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.String && value.TryGetBytesFromBase64(out var bytes)
            ? bytes
            : throw new InvalidDataException($"The '{name}' of {where} is missing or not standard base64.");

    private static string Capitalize(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
