namespace Dataspace.Connector.Transfer;

/// <summary>
/// Chooses the provider's reaction where the transfer state machine acts on its own: before it starts a requested
/// transfer's channel, after it announced a start, and after it suspended a transfer itself.
/// </summary>
/// <remarks>Called concurrently for different transfers. The default proceeds as the protocol engine always does.</remarks>
public interface ITransferReactions
{
    /// <summary>The reaction to <paramref name="context"/>'s step.</summary>
    ValueTask<TransferReaction> ReactAsync(TransferReactionContext context, CancellationToken cancellationToken);
}
