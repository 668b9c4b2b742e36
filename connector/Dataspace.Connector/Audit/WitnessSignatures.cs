using System.Text.Json;
using Dataspace.Identity.Credentials;
using Dataspace.Identity.Jose;
using Dataspace.Sdk.Audit;

namespace Dataspace.Connector.Audit;

/// <summary>Witnessing's use of the signed-note checkpoints and the audit entry encoding (Dataspace.Evidence).</summary>
internal static class WitnessSignatures
{
    private const string SignaturePrefix = "\u2014 ";

    /// <summary>The key names of a signed note's signature lines (C2SP signed-note: after the last blank line, <c>— name signature</c>).</summary>
    public static IReadOnlyList<string> SignerNames(string note)
    {
        var split = note.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0)
        {
            return [];
        }

        return [.. note[(split + 2)..].Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.StartsWith(SignaturePrefix, StringComparison.Ordinal))
            .Select(l => l[SignaturePrefix.Length..])
            .Select(l => l.LastIndexOf(' ') is var space and > 0 ? l[..space] : l)];
    }

    /// <summary>The agreement id of an encoded agreement entry; null when the entry is not an agreement or not an entry at all.</summary>
    public static string? AgreementIdOf(byte[] entry)
    {
        try
        {
            using var document = JsonDocument.Parse(entry);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == AuditRecordTypes.Agreement
                && root.TryGetProperty("agreementId", out var id) && id.ValueKind == JsonValueKind.String
                ? id.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The checkpoint of a note signed by <paramref name="keyName"/> with <paramref name="key"/>, or why not.</summary>
    public static (CheckpointFacts? Checkpoint, string? Problem) Verify(string note, Jwk key, string keyName) =>
        throw new NotSupportedException("pending the checkpoint verifier");

    /// <summary>Our cosignature line of the note.</summary>
    public static string Cosign(string note, DidSigner signer, DateTimeOffset time) =>
        throw new NotSupportedException("pending the checkpoint signer");

    /// <summary>Null when <paramref name="cosignature"/> is <paramref name="witness"/>'s valid cosignature of the note; else why not.</summary>
    public static string? VerifyCosignature(string note, string cosignature, Jwk key, string witness) =>
        throw new NotSupportedException("pending the checkpoint verifier");
}
