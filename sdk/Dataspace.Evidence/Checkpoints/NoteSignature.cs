using System.Buffers.Binary;

namespace Dataspace.Evidence.Checkpoints;

/// <summary>One signature line of a C2SP signed note: <c>— &lt;key name&gt; base64(key ID || signature)</c>.</summary>
/// <param name="KeyName">The signer's key name: for a connector, its DID verification method id (<c>did:web:example.com#key-1</c>).</param>
/// <param name="KeyId">The 32-bit key ID (see <see cref="NoteKeys"/>).</param>
/// <param name="Signature">The signature bytes after the key ID (for a cosignature: the timestamp, then the signature).</param>
public sealed record NoteSignature(string KeyName, uint KeyId, byte[] Signature)
{
    /// <summary>The line as written in a note, ending in a newline.</summary>
    public string ToLine()
    {
        var bytes = new byte[4 + Signature.Length];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, KeyId);
        Signature.CopyTo(bytes, 4);
        return $"\u2014 {KeyName} {Convert.ToBase64String(bytes)}\n";
    }

    /// <summary>Whether both are the same line.</summary>
    public bool Equals(NoteSignature? other) =>
        other is not null && KeyName == other.KeyName && KeyId == other.KeyId && Signature.AsSpan().SequenceEqual(other.Signature);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(KeyName, KeyId);
}
