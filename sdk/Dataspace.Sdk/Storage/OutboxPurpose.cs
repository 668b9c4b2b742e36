namespace Dataspace.Sdk.Storage;

/// <summary>Why an outbox message is sent: what its delivery means for the process beyond telling the peer.</summary>
/// <remarks>Stored with the message (as its number), so a message sent after a restart is handled as it was meant.</remarks>
public enum OutboxPurpose
{
    /// <summary>Tells the peer of a state change; its answer carries nothing the process needs.</summary>
    Notify = 0,

    /// <summary>The first request of a process (contract or transfer request): the peer's answer carries its process id.</summary>
    OpenProcess = 1,
}
