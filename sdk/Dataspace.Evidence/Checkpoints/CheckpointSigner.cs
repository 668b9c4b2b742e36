using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Dataspace.Identity.Jose;

namespace Dataspace.Evidence.Checkpoints;

/// <summary>Signs checkpoints as C2SP signed notes, and cosigns them as a witness (c2sp.org/tlog-cosignature).</summary>
/// <remarks>Key types, key IDs and signature encodings are described on <see cref="NoteKeys"/>.</remarks>
public static class CheckpointSigner
{
    /// <summary>Signs <paramref name="checkpoint"/> with the log's key, named by its DID verification method id.</summary>
    /// <exception cref="ArgumentException">The checkpoint is malformed, the key name invalid, or the key neither Ed25519 nor P-256.</exception>
    public static SignedCheckpoint Sign(Checkpoint checkpoint, SigningKey key, string keyName)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(key);
        if (!checkpoint.IsWellFormed(out var reason))
        {
            throw new ArgumentException($"Cannot sign a malformed checkpoint: {reason}.", nameof(checkpoint));
        }

        var body = checkpoint.ToBody();
        var keyId = NoteKeys.SignatureKeyId(keyName, key.PublicJwk);
        var signature = key.Sign(Encoding.UTF8.GetBytes(body));
        return new SignedCheckpoint { Checkpoint = checkpoint, Body = body, Signatures = [new NoteSignature(keyName, keyId, signature)] };
    }

    /// <summary>
    /// A witness's cosignature of <paramref name="note"/> at <paramref name="time"/>: a statement that this is the
    /// largest tree head it has seen for the log, consistent with earlier ones. Add it with <see cref="SignedCheckpoint.WithSignature"/>.
    /// </summary>
    /// <remarks>The caller checks the log's signature and consistency with the last checkpoint it cosigned before calling this.</remarks>
    public static NoteSignature Cosign(SignedCheckpoint note, SigningKey key, string witnessName, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(note);
        ArgumentNullException.ThrowIfNull(key);
        var timestamp = time.ToUnixTimeSeconds();
        if (timestamp < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(time), time, "A cosignature time must not be before 1970.");
        }

        var keyId = NoteKeys.CosignatureKeyId(witnessName, key.PublicJwk);
        var signature = key.Sign(CosignedMessage(note.Body, timestamp));
        var bytes = new byte[8 + signature.Length];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, (ulong)timestamp);
        signature.CopyTo(bytes, 8);
        return new NoteSignature(witnessName, keyId, bytes);
    }

    /// <summary>The message a cosigner signs: <c>cosignature/v1</c>, <c>time &lt;seconds&gt;</c>, then the checkpoint body.</summary>
    internal static byte[] CosignedMessage(string body, long timestamp) =>
        Encoding.UTF8.GetBytes($"cosignature/v1\ntime {timestamp.ToString(CultureInfo.InvariantCulture)}\n{body}");
}
