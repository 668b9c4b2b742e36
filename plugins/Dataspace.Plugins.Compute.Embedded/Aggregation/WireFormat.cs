using System.Text;

namespace Dataspace.Plugins.Compute.Embedded.Aggregation;

/// <summary>Message framing shared by the aggregation's parties: a type byte, then the body.</summary>
internal static class WireFormat
{
    public const byte Data = 0x01;
    public const byte Abort = 0xFF;
    private const int MaxReasonBytes = 512;

    public static byte[] AbortMessage(string reason)
    {
        var text = Encoding.UTF8.GetBytes(reason);
        var length = Math.Min(text.Length, MaxReasonBytes);
        var message = new byte[1 + length];
        message[0] = Abort;
        text.AsSpan(0, length).CopyTo(message.AsSpan(1));
        return message;
    }

    /// <summary>The body of a data message; throws with the peer's reason on an abort, or on an unknown type.</summary>
    public static ReadOnlyMemory<byte> Body(ReadOnlyMemory<byte> message, string from, string what)
    {
        if (message.Length == 0) throw new SecureAggregationException($"An empty {what} message from {from}.");
        var type = message.Span[0];
        if (type == Abort)
        {
            var reason = Encoding.UTF8.GetString(message.Span[1..Math.Min(message.Length, 1 + MaxReasonBytes)]);
            throw new SecureAggregationException($"{from} ended the aggregation: {reason}");
        }
        if (type != Data) throw new SecureAggregationException($"A {what} message from {from} has the unknown type {type}.");
        return message[1..];
    }
}
