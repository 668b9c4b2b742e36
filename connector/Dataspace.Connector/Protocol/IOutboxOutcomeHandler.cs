using Dataspace.Connector.Protocol.Dsp;

namespace Dataspace.Connector.Protocol;

/// <summary>What a state machine does when one of its messages was delivered or given up on.</summary>
public interface IOutboxOutcomeHandler
{
    /// <summary><c>negotiation</c> or <c>transfer</c>.</summary>
    string ProcessKind { get; }

    /// <summary>The peer acknowledged the message.</summary>
    Task DeliveredAsync(OutboxMessage message, DspResponse response, CancellationToken cancellationToken);

    /// <summary>The message could not be delivered; the process cannot go on.</summary>
    Task FailedAsync(OutboxMessage message, string reason, CancellationToken cancellationToken);
}
