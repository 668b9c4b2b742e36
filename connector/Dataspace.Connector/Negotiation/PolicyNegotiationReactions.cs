namespace Dataspace.Connector.Negotiation;

/// <summary>The default reactions: always proceed, so the contract policy alone decides.</summary>
internal sealed class PolicyNegotiationReactions : INegotiationReactions
{
    /// <inheritdoc/>
    public ValueTask<NegotiationReaction> ReactAsync(NegotiationReactionContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(NegotiationReaction.Proceed);
}
