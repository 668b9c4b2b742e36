namespace Dataspace.Sdk.Compute;

/// <summary>Messages between the parties of one task.</summary>
/// <remarks>
/// Messages between two parties on one topic arrive in order, once, and authenticated as coming from that party.
/// <see cref="SendAsync"/> waits while the receiver is behind (back-pressure). A payload is at most
/// <see cref="MaxPayloadBytes"/>; larger data goes in batches. A party that is gone or a task that ended makes both
/// calls throw <see cref="ComputeChannelClosedException"/>.
/// </remarks>
public interface IComputeChannel
{
    /// <summary>The largest payload of one message.</summary>
    int MaxPayloadBytes { get; }

    /// <summary>Sends one message to a party on a topic.</summary>
    ValueTask SendAsync(string participantId, string topic, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken);

    /// <summary>Receives the next message from a party on a topic.</summary>
    ValueTask<ReadOnlyMemory<byte>> ReceiveAsync(string participantId, string topic, CancellationToken cancellationToken);
}
