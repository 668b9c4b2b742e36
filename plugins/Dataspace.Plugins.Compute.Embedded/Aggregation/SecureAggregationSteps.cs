using System.Buffers.Binary;
using System.Text;

namespace Dataspace.Plugins.Compute.Embedded.Aggregation;

/// <summary>The protocol's step (topic) names, constants and small derivations shared by clients and aggregator.</summary>
internal static class SecureAggregationSteps
{
    public const string Keys = "keys";
    public const string Roster = "roster";
    public const string Shares = "shares";
    public const string SharesIn = "shares-in";
    public const string Masked = "masked";
    public const string Survivors = "survivors";
    public const string Unmask = "unmask";
    public const string Done = "done";

    public const byte KeyShareKind = 0;
    public const byte SeedShareKind = 1;
    public const int TagBytes = 16;

    /// <summary>An encrypted pair of shares (mask-key share, self-mask-seed share) with its tag.</summary>
    public const int CipherBytes = 2 * Crypto.Shamir.ShareBytes + TagBytes;

    public static byte[] MaskInfo(byte[] binding) => [.. Encoding.ASCII.GetBytes("mask\n"), .. binding];

    public static byte[] EncryptionInfo(byte[] binding) => [.. Encoding.ASCII.GetBytes("encrypt\n"), .. binding];

    /// <summary>A unique nonce per direction of a pair (the key is shared by both directions, used once each way).</summary>
    public static byte[] Nonce(int from, int to)
    {
        var nonce = new byte[12];
        BinaryPrimitives.WriteUInt16LittleEndian(nonce, (ushort)from);
        BinaryPrimitives.WriteUInt16LittleEndian(nonce.AsSpan(2), (ushort)to);
        return nonce;
    }

    /// <summary>Elements per masked-vector message: a type byte and a chunk number, then the elements.</summary>
    public static int ElementsPerChunk(int maxPayloadBytes, int elementBytes)
    {
        var perChunk = (maxPayloadBytes - 5) / elementBytes;
        if (perChunk < 1) throw new SecureAggregationException($"The channel's payload limit of {maxPayloadBytes} bytes is too small for a vector chunk.");
        return perChunk;
    }
}
