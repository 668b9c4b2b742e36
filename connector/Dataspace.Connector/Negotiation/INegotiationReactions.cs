namespace Dataspace.Connector.Negotiation;

/// <summary>
/// Chooses the provider's reaction at each point where the negotiation state machine acts on its own: after a
/// request, a counter-request, an acceptance and a verification.
/// </summary>
/// <remarks>Called concurrently for different negotiations. The default proceeds as the protocol engine always does.</remarks>
public interface INegotiationReactions
{
    /// <summary>The reaction to <paramref name="context"/>'s step.</summary>
    ValueTask<NegotiationReaction> ReactAsync(NegotiationReactionContext context, CancellationToken cancellationToken);
}
