namespace Dataspace.Connector.Transfer;

/// <summary>The provider's reaction at a <see cref="TransferStep"/>.</summary>
public sealed record TransferReaction
{
    private TransferReaction(TransferReactionKind kind, string? reason)
    {
        Kind = kind;
        Reason = reason;
    }

    /// <summary>What to do.</summary>
    public TransferReactionKind Kind { get; }

    /// <summary>Why, for <see cref="TransferReactionKind.Terminate"/> and <see cref="TransferReactionKind.Suspend"/>; sent to the consumer.</summary>
    public string? Reason { get; }

    /// <summary>Proceed as the engine does (check the agreement and start the channel; let a started transfer run).</summary>
    public static TransferReaction Proceed { get; } = new(TransferReactionKind.Proceed, null);

    /// <summary>Do nothing now; the consumer or our operator moves the transfer on.</summary>
    public static TransferReaction Wait { get; } = new(TransferReactionKind.Wait, null);

    /// <summary>Start a transfer we suspended again (SUSPENDED to STARTED).</summary>
    public static TransferReaction Start { get; } = new(TransferReactionKind.Start, null);

    /// <summary>Declare a started transfer complete.</summary>
    public static TransferReaction Complete { get; } = new(TransferReactionKind.Complete, null);

    /// <summary>Suspend a started transfer, telling the consumer why.</summary>
    public static TransferReaction Suspend(string reason) => new(TransferReactionKind.Suspend, reason);

    /// <summary>Terminate the transfer, telling the consumer why.</summary>
    public static TransferReaction Terminate(string reason) => new(TransferReactionKind.Terminate, reason);
}
