namespace Dataspace.Connector.Transfer;

/// <summary>The default reactions: always proceed, so the agreement and the channel alone decide.</summary>
internal sealed class ProceedTransferReactions : ITransferReactions
{
    /// <inheritdoc/>
    public ValueTask<TransferReaction> ReactAsync(TransferReactionContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(TransferReaction.Proceed);
}
