namespace Dataspace.Connector.Transfer;

/// <summary>The kinds of <see cref="TransferReaction"/>.</summary>
public enum TransferReactionKind
{
    /// <summary>See <see cref="TransferReaction.Proceed"/>.</summary>
    Proceed,

    /// <summary>See <see cref="TransferReaction.Wait"/>.</summary>
    Wait,

    /// <summary>See <see cref="TransferReaction.Start"/>.</summary>
    Start,

    /// <summary>See <see cref="TransferReaction.Suspend"/>.</summary>
    Suspend,

    /// <summary>See <see cref="TransferReaction.Complete"/>.</summary>
    Complete,

    /// <summary>See <see cref="TransferReaction.Terminate(string)"/>.</summary>
    Terminate,
}
