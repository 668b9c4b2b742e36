using System.Buffers.Binary;
using System.Text;
using Dataspace.Identity.Jose;

namespace Dataspace.Evidence.Checkpoints;

/// <summary>Checks signed checkpoints and witness cosignatures against known public keys.</summary>
public static class CheckpointVerifier
{
    /// <summary>
    /// Parses <paramref name="noteText"/> and checks that it is signed by <paramref name="publicKey"/> under
    /// <paramref name="keyName"/>. Lines of other keys are ignored here (see <see cref="VerifyCosignature"/>).
    /// </summary>
    public static CheckpointVerification Verify(string noteText, Jwk publicKey, string keyName)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        return SignedCheckpoint.TryParse(noteText, out var note, out var reason)
            ? Verify(note, publicKey, keyName)
            : CheckpointVerification.Invalid(reason);
    }

    /// <summary>Checks that <paramref name="note"/> is signed by <paramref name="publicKey"/> under <paramref name="keyName"/>.</summary>
    public static CheckpointVerification Verify(SignedCheckpoint note, Jwk publicKey, string keyName)
    {
        ArgumentNullException.ThrowIfNull(note);
        ArgumentNullException.ThrowIfNull(publicKey);
        if (!NoteKeys.IsSupported(publicKey) || !SignedCheckpoint.IsValidKeyName(keyName))
        {
            return CheckpointVerification.Invalid($"the key '{keyName}' cannot sign checkpoints (Ed25519 or P-256 keys with a name without spaces or '+')", note);
        }

        var keyId = NoteKeys.SignatureKeyId(keyName, publicKey);
        var data = Encoding.UTF8.GetBytes(note.Body);
        var found = false;
        foreach (var line in note.Signatures)
        {
            if (line.KeyName != keyName || line.KeyId != keyId)
            {
                continue;
            }

            // A note with a bad signature from the expected key is rejected whole, even if another line verifies.
            if (!JwsVerifier.Verify(publicKey.Algorithm, publicKey, data, line.Signature))
            {
                return CheckpointVerification.Invalid($"the signature of '{keyName}' does not verify over the checkpoint (size {note.Checkpoint.Size})", note);
            }

            found = true;
        }

        return found ? CheckpointVerification.Valid(note) : CheckpointVerification.Invalid($"the checkpoint is not note by '{keyName}' with this key", note);
    }

    /// <summary>Checks the cosignature of <paramref name="witnessName"/> with <paramref name="witnessKey"/> on <paramref name="note"/>.</summary>
    /// <remarks>A cosignature made over another tree head (a split view) or altered does not verify and is reported as mismatched.</remarks>
    public static CosignatureVerification VerifyCosignature(SignedCheckpoint note, Jwk witnessKey, string witnessName)
    {
        ArgumentNullException.ThrowIfNull(note);
        ArgumentNullException.ThrowIfNull(witnessKey);
        if (!NoteKeys.IsSupported(witnessKey) || !SignedCheckpoint.IsValidKeyName(witnessName))
        {
            return new() { Reason = $"the witness key '{witnessName}' cannot cosign checkpoints (Ed25519 or P-256 keys with a name without spaces or '+')" };
        }

        var keyId = NoteKeys.CosignatureKeyId(witnessName, witnessKey);
        var lines = note.Signatures.Where(s => s.KeyName == witnessName && s.KeyId == keyId).ToList();
        if (lines.Count == 0)
        {
            return new() { Reason = $"the checkpoint has no cosignature by witness '{witnessName}' with this key" };
        }

        DateTimeOffset? time = null;
        foreach (var line in lines)
        {
            var timestamp = line.Signature.Length > 8 ? BinaryPrimitives.ReadUInt64BigEndian(line.Signature) : ulong.MaxValue;
            if (timestamp > (ulong)DateTimeOffset.MaxValue.ToUnixTimeSeconds()
                || !JwsVerifier.Verify(witnessKey.Algorithm, witnessKey, CheckpointSigner.CosignedMessage(note.Body, (long)timestamp), line.Signature.AsSpan(8)))
            {
                return new() { Reason = $"mismatched witness: the cosignature of '{witnessName}' does not verify over this checkpoint (size {note.Checkpoint.Size}, root {Convert.ToBase64String(note.Checkpoint.Root)}); it was made over another tree head or altered" };
            }

            time = time is { } t && t > DateTimeOffset.FromUnixTimeSeconds((long)timestamp) ? t : DateTimeOffset.FromUnixTimeSeconds((long)timestamp);
        }

        return new() { Time = time };
    }
}
