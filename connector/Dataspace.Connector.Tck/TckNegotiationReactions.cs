using Dataspace.Connector.Negotiation;

namespace Dataspace.Connector.Tck;

/// <summary>The provider's negotiation reactions scripted per dataset by the TCK seed file.</summary>
internal sealed class TckNegotiationReactions : INegotiationReactions
{
    private readonly TckSeed _seed;

    public TckNegotiationReactions(TckSeed seed) => _seed = seed;

    /// <inheritdoc/>
    public ValueTask<NegotiationReaction> ReactAsync(NegotiationReactionContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_seed.ReactionFor(context.AssetId, context.Step));
}
