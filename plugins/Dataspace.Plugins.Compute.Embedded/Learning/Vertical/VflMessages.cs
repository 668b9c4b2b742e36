using System.Buffers.Binary;
using System.Numerics;
using System.Text.Json;
using Dataspace.Sdk.Compute;

namespace Dataspace.Plugins.Compute.Embedded.Learning.Vertical;

/// <summary>
/// Messages of <c>vfl/lr:1</c>. A vector of big integers is sent as one or more messages, each
/// <c>u32 count</c> then <c>count</c> fixed-width big-endian unsigned values, each message within the channel's limit.
/// </summary>
internal static class VflMessages
{
    public const string TopicAlign = "vfl/align";
    public const string TopicSetup = "vfl/setup";
    public const string TopicKey = "vfl/key";
    public const string TopicPredictor = "vfl/ub";
    public const string TopicResidual = "vfl/d";
    public const string TopicGradient = "vfl/grad";
    public const string TopicGradientPlain = "vfl/grad-plain";
    public const string TopicLoss = "vfl/loss";

    public static async Task SendVectorAsync(IComputeChannel channel, string to, string topic, IReadOnlyList<BigInteger> values, int width, CancellationToken ct)
    {
        var perMessage = Math.Max(1, (channel.MaxPayloadBytes - 4) / width);
        for (var start = 0; start < values.Count || (start == 0 && values.Count == 0); start += perMessage)
        {
            var count = Math.Min(perMessage, values.Count - start);
            var payload = new byte[4 + (count * width)];
            BinaryPrimitives.WriteUInt32LittleEndian(payload, (uint)count);
            for (var i = 0; i < count; i++)
            {
                // Right-aligned big-endian in a fixed-width slot (the array starts zeroed).
                var slot = payload.AsSpan(4 + (i * width), width);
                var length = values[start + i].GetByteCount(isUnsigned: true);
                if (values[start + i].Sign < 0 || length > width) throw new InvalidOperationException("A value is wider than its field.");
                values[start + i].TryWriteBytes(slot[(width - length)..], out _, isUnsigned: true, isBigEndian: true);
            }
            await channel.SendAsync(to, topic, payload, ct).ConfigureAwait(false);
            if (count == 0) break;
        }
    }

    /// <summary>Receives exactly <paramref name="expected"/> values each below <paramref name="bound"/>; throws <see cref="InvalidDataException"/> otherwise.</summary>
    public static async Task<BigInteger[]> ReceiveVectorAsync(IComputeChannel channel, string from, string topic, int expected, int width, BigInteger bound, CancellationToken ct)
    {
        var values = new BigInteger[expected];
        var at = 0;
        do
        {
            var payload = await channel.ReceiveAsync(from, topic, ct).ConfigureAwait(false);
            if (payload.Length < 4) throw new InvalidDataException($"A '{topic}' message is shorter than its header.");
            var count = BinaryPrimitives.ReadUInt32LittleEndian(payload.Span);
            if (count > (uint)(expected - at) || payload.Length != 4 + ((long)count * width))
                throw new InvalidDataException($"A '{topic}' message holds a wrong number of values (expected {expected - at} more of {width} bytes).");
            if (count == 0 && expected > 0) throw new InvalidDataException($"A '{topic}' message is empty.");
            for (var i = 0; i < count; i++)
            {
                var value = new BigInteger(payload.Span.Slice(4 + (i * width), width), isUnsigned: true, isBigEndian: true);
                if (value >= bound) throw new InvalidDataException($"A '{topic}' value is out of range.");
                values[at++] = value;
            }
        }
        while (at < expected);
        return values;
    }

    public static byte[] Json<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, VflJson.Options);

    public static T Parse<T>(ReadOnlyMemory<byte> json, string topic) where T : class
    {
        try
        {
            if (json.Length <= 4096 && JsonSerializer.Deserialize<T>(json.Span, VflJson.Options) is { } value) return value;
        }
        catch (JsonException)
        {
        }
        throw new InvalidDataException($"A '{topic}' message is malformed.");
    }
}

/// <summary>Row count and a keyed digest of the id column, exchanged to check the two tables are aligned.</summary>
internal sealed record VflAlignment(long Rows, string IdsDigest);

/// <summary>What the arbiter needs to run the rounds: the number of rows (the same at both data parties).</summary>
internal sealed record VflSetup(long Rows);

/// <summary>How many weights a data party trains (the size of its gradient vector).</summary>
internal sealed record VflShape(int Weights);

/// <summary>The arbiter's decrypted mean training loss of one epoch.</summary>
internal sealed record VflEpochLoss(int Epoch, double Loss);

internal static class VflJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
}
