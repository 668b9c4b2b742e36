using System.Text.Encodings.Web;
using System.Text.Json;

namespace Dataspace.Evidence.Bundles;

/// <summary>
/// Offline-verifiable evidence from an audit log: entries with inclusion proofs, the signed checkpoint they are proven
/// against (with witness cosignatures), earlier checkpoints with consistency proofs, the DID documents of the signers, and
/// a manifest signed by the exporter. The file format is described in docs/evidence.md.
/// </summary>
public sealed partial class EvidenceBundle
{
    /// <summary>The value of the <c>format</c> member of this version of the bundle format.</summary>
    public const string FormatName = "dataspace-evidence-bundle/v1";

    /// <summary>The tree hash algorithm of the log (<c>sha256</c> or <c>sm3</c>).</summary>
    public required string HashAlgorithm { get; init; }

    /// <summary>The log's signing key name: the DID verification method id that signs its checkpoints.</summary>
    public required string LogKeyName { get; init; }

    /// <summary>The signed checkpoint note the entries are proven against, with witness cosignatures.</summary>
    public required string Checkpoint { get; init; }

    /// <summary>Earlier checkpoints of the log with consistency proofs to <see cref="Checkpoint"/>.</summary>
    public IReadOnlyList<BundleCheckpoint> EarlierCheckpoints { get; init; } = [];

    /// <summary>The entries, in increasing index order.</summary>
    public required IReadOnlyList<BundleEntry> Entries { get; init; }

    /// <summary>The DID documents (JSON text exactly as bundled) of the log owner, the exporter and the witnesses.</summary>
    public required IReadOnlyList<string> DidDocuments { get; init; }

    /// <summary>The manifest: a compact JWS by the exporter over the query, the entries' indexes and leaf hashes, and digests of the rest.</summary>
    public required string Manifest { get; init; }

    /// <summary>Writes the bundle as compact UTF-8 JSON.</summary>
    public async Task WriteAsync(Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        // Relaxed escaping: base64 '+' and '/' and the signed notes' em dash are written as themselves, so the file has one
        // spelling the reader can insist on.
        await using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        writer.WriteStartObject();
        writer.WriteString("format", FormatName);
        writer.WriteString("hash", HashAlgorithm);
        writer.WriteString("logKey", LogKeyName);
        writer.WriteString("checkpoint", Checkpoint);
        writer.WriteStartArray("earlierCheckpoints");
        foreach (var earlier in EarlierCheckpoints)
        {
            writer.WriteStartObject();
            writer.WriteString("checkpoint", earlier.Note);
            WriteHashes(writer, "consistency", earlier.ConsistencyProof);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("entries");
        foreach (var entry in Entries)
        {
            writer.WriteStartObject();
            writer.WriteNumber("index", entry.Index);
            writer.WriteBase64String("data", entry.Data);
            WriteHashes(writer, "inclusion", entry.InclusionProof);
            writer.WriteEndObject();
            if (writer.BytesPending > 64 * 1024)
            {
                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        writer.WriteEndArray();
        writer.WriteStartArray("didDocuments");
        foreach (var document in DidDocuments)
        {
            writer.WriteStringValue(document);
        }

        writer.WriteEndArray();
        writer.WriteString("manifest", Manifest);
        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void WriteHashes(Utf8JsonWriter writer, string name, IReadOnlyList<byte[]> hashes)
    {
        writer.WriteStartArray(name);
        foreach (var hash in hashes)
        {
            writer.WriteBase64StringValue(hash);
        }

        writer.WriteEndArray();
    }
}
