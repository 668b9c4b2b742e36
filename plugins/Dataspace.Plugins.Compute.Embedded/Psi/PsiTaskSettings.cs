using System.Buffers.Binary;
using System.Text.Json;
using Dataspace.Sdk.Compute;

namespace Dataspace.Plugins.Compute.Embedded.Psi;

/// <summary>The attributes of one <c>psi/ecdh:1</c> task, checked, and the hello both parties compare before any data.</summary>
internal sealed record PsiTaskSettings(string Mode, bool BothReceive, string Curve, int BatchSize, string? KeyColumn, string? ValueColumn = null, int PaillierBits = 2048)
{
    public const string Intersection = "intersection";
    public const string Cardinality = "cardinality";
    public const string IntersectionSum = "intersection-sum";
    public const string Receiver = "receiver";
    public const string Both = "both";
    public const string Curve25519 = "curve25519";
    public const string Ristretto255 = "ristretto255";
    public const int DefaultBatchSize = 4096;
    public const int HelloBytes = 8;
    public const int MaxPaillierBits = 4096;
    private const byte ProtocolVersion = 1;

    /// <summary>Reads the attributes; null with a reason when one is wrong.</summary>
    public static PsiTaskSettings? Parse(IReadOnlyDictionary<string, JsonElement> attributes, int maxPayloadBytes, out string? error)
    {
        error = null;
        var mode = String(attributes, "mode") ?? Intersection;
        if (mode is not (Intersection or Cardinality or IntersectionSum))
        {
            error = $"The attribute 'mode' is '{mode}'; expected '{Intersection}', '{Cardinality}' or '{IntersectionSum}'.";
            return null;
        }
        var receivers = String(attributes, "receivers") ?? Receiver;
        if (receivers is not (Receiver or Both))
        {
            error = $"The attribute 'receivers' is '{receivers}'; expected '{Receiver}' or '{Both}'.";
            return null;
        }
        if (mode == IntersectionSum && receivers == Both)
        {
            error = $"Mode '{IntersectionSum}' releases the sum to the receiver only; 'receivers' must be '{Receiver}'.";
            return null;
        }
        var curve = String(attributes, "curve") ?? Curve25519;
        if (curve is not (Curve25519 or Ristretto255))
        {
            error = $"The attribute 'curve' is '{curve}'; expected '{Curve25519}' or '{Ristretto255}'.";
            return null;
        }
        var batch = DefaultBatchSize;
        if (attributes.TryGetValue("batch_size", out var b) && b.ValueKind != JsonValueKind.Null)
        {
            var maxBatch = (maxPayloadBytes - PsiFrame.HeaderBytes) / 32;
            if (b.ValueKind != JsonValueKind.Number || !b.TryGetInt32(out batch) || batch < 1 || batch > maxBatch)
            {
                error = $"The attribute 'batch_size' is {b.GetRawText()}; expected an integer from 1 to {maxBatch} (the channel's payload limit).";
                return null;
            }
        }
        var bits = Crypto.Paillier.MinimumBits;
        if (attributes.TryGetValue("paillier_bits", out var p) && p.ValueKind != JsonValueKind.Null
            && (p.ValueKind != JsonValueKind.Number || !p.TryGetInt32(out bits) || bits < Crypto.Paillier.MinimumBits || bits > MaxPaillierBits || bits % 2 != 0))
        {
            error = $"The attribute 'paillier_bits' is {p.GetRawText()}; expected an even number from {Crypto.Paillier.MinimumBits} to {MaxPaillierBits}.";
            return null;
        }
        return new PsiTaskSettings(mode, receivers == Both, curve, batch, String(attributes, "key"), String(attributes, "value"), bits);
    }

    /// <summary>What both parties must agree on, sent first.</summary>
    public byte[] Hello()
    {
        var hello = new byte[HelloBytes];
        hello[0] = ProtocolVersion;
        hello[1] = Group.Code;
        hello[2] = (byte)(Mode switch { Intersection => 1, Cardinality => 2, _ => 3 });
        hello[3] = BothReceive ? (byte)2 : (byte)1;
        BinaryPrimitives.WriteInt32LittleEndian(hello.AsSpan(4), BatchSize);
        return hello;
    }

    /// <summary>Compares the peer's hello with this party's; a reason when they differ.</summary>
    public string? CheckPeerHello(ReadOnlySpan<byte> peer)
    {
        if (peer.Length != HelloBytes) return $"The peer's hello has {peer.Length} bytes; expected {HelloBytes}.";
        var mine = Hello();
        if (peer[0] != mine[0]) return $"The peer speaks psi/ecdh protocol version {peer[0]}; this party speaks {mine[0]}.";
        if (!peer.SequenceEqual(mine))
            return $"The peer runs with other settings (curve, mode, receivers or batch size: {Convert.ToHexString(peer)}) than this party ({Convert.ToHexString(mine)}).";
        return null;
    }

    /// <summary>The group items are masked in.</summary>
    public Crypto.IPsiGroup Group => Curve == Ristretto255 ? Crypto.Ristretto255Group.Instance : Crypto.Curve25519Group.Instance;

    /// <summary>Whether the party in <paramref name="role"/> gets the result.</summary>
    public bool Receives(string role) => role == EcdhPsiComponent.ReceiverRole || BothReceive;

    /// <summary>The release kind a receiving party needs for this mode.</summary>
    public string ReleaseKind => Mode switch
    {
        Intersection => ReleaseKinds.Intersection,
        Cardinality => ReleaseKinds.Cardinality,
        _ => ReleaseKinds.IntersectionSum,
    };

    private static string? String(IReadOnlyDictionary<string, JsonElement> attributes, string name)
        => attributes.TryGetValue(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
