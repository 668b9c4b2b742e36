using Dataspace.Evidence.Checkpoints;
using Dataspace.Evidence.Entries;
using Dataspace.Identity.Credentials;
using Dataspace.Identity.Jose;
using Dataspace.Sdk.Audit;

namespace Dataspace.Connector.Audit;

/// <summary>Witnessing's use of the C2SP signed-note checkpoints and of the audit entry encoding (Dataspace.Evidence).</summary>
internal static class WitnessSignatures
{
    /// <summary>The key names of a signed note's signature lines; none when the note is malformed.</summary>
    public static IReadOnlyList<string> SignerNames(string note) =>
        SignedCheckpoint.TryParse(note, out var parsed, out _) ? [.. parsed.Signatures.Select(s => s.KeyName).Distinct(StringComparer.Ordinal)] : [];

    /// <summary>Why a note is not a well-formed signed checkpoint; null when it is.</summary>
    public static string? Malformed(string note) => SignedCheckpoint.TryParse(note, out _, out var reason) ? null : reason;

    /// <summary>The agreement id of an encoded agreement entry; null when the entry is not an agreement or not an entry at all.</summary>
    public static string? AgreementIdOf(byte[] entry) =>
        AuditEntryCodec.TryDecode(entry, out var record, out _, out _) && record.Type == AuditRecordTypes.Agreement ? record.AgreementId : null;

    /// <summary>The checkpoint of a note signed by <paramref name="keyName"/> with <paramref name="key"/>, or why not.</summary>
    public static (CheckpointFacts? Checkpoint, string? Problem) Verify(string note, Jwk key, string keyName)
    {
        var verification = CheckpointVerifier.Verify(note, key, keyName);
        return verification.IsValid && verification.Note is { Checkpoint: var checkpoint }
            ? (new CheckpointFacts(checkpoint.Origin, checkpoint.Size, checkpoint.Root), null)
            : (null, verification.Reason ?? "the checkpoint does not verify");
    }

    /// <summary>Our cosignature line of the note (verified before: this only signs).</summary>
    public static string Cosign(string note, DidSigner signer, DateTimeOffset time) =>
        CheckpointSigner.Cosign(SignedCheckpoint.TryParse(note, out var parsed, out var reason) ? parsed : throw new FormatException(reason), signer.Key, signer.KeyId, time).ToLine();

    /// <summary>Null when <paramref name="cosignature"/> (one note line) is <paramref name="witness"/>'s valid cosignature of the note; else why not.</summary>
    public static string? VerifyCosignature(string note, string cosignature, Jwk key, string witness)
    {
        var line = cosignature.EndsWith('\n') ? cosignature : cosignature + "\n";
        if (line.IndexOf('\n') != line.Length - 1)
        {
            return "the cosignature is not one note line";
        }

        if (!SignedCheckpoint.TryParse(note + line, out var cosigned, out var reason))
        {
            return $"the cosignature is not a note signature line: {reason}";
        }

        return CheckpointVerifier.VerifyCosignature(cosigned, key, witness) is { IsValid: false } bad ? bad.Reason : null;
    }
}
