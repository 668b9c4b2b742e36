namespace Dataspace.Connector.Protocol;

/// <summary>Re-queues, at start-up, the work that stored states imply (a request not yet decided, a transfer not yet started).</summary>
public interface IProtocolRecovery
{
    /// <summary>Queues the left-over work.</summary>
    Task RecoverAsync(CancellationToken cancellationToken);
}
