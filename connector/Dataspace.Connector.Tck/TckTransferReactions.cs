using System.Collections.Concurrent;
using Dataspace.Connector.Transfer;

namespace Dataspace.Connector.Tck;

/// <summary>The provider's transfer reactions scripted per agreement by the TCK seed file, one script word per question.</summary>
internal sealed class TckTransferReactions : ITransferReactions
{
    private readonly TckSeed _seed;

    // How far each transfer has got through its agreement's script (lost on restart, like the TCK's own run).
    private readonly ConcurrentDictionary<string, int> _positions = new(StringComparer.Ordinal);

    public TckTransferReactions(TckSeed seed) => _seed = seed;

    /// <inheritdoc/>
    public ValueTask<TransferReaction> ReactAsync(TransferReactionContext context, CancellationToken cancellationToken)
    {
        var script = _seed.Agreements.FirstOrDefault(a => a.Id == context.AgreementId && a.Side == "provider")?.Transfer;
        if (script is null)
        {
            return ValueTask.FromResult(TransferReaction.Proceed);
        }

        var position = _positions.AddOrUpdate(context.TransferId, 1, (_, p) => p + 1) - 1;
        var why = $"the TCK seed scripts it for agreement '{context.AgreementId}'";
        return ValueTask.FromResult(position >= script.Count ? TransferReaction.Proceed : script[position] switch
        {
            "start" => context.Step == TransferStep.Requested ? TransferReaction.Proceed : TransferReaction.Start,
            "suspend" => TransferReaction.Suspend(why),
            "complete" => TransferReaction.Complete,
            "terminate" => TransferReaction.Terminate(why),
            _ => TransferReaction.Wait,
        });
    }
}
