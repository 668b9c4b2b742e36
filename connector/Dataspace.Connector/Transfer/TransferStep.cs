namespace Dataspace.Connector.Transfer;

/// <summary>The point in a provider's transfer at which <see cref="ITransferReactions"/> is asked.</summary>
public enum TransferStep
{
    /// <summary>A consumer's transfer request was stored (REQUESTED); by default the agreement is checked and the channel started.</summary>
    Requested,

    /// <summary>We announced the start (STARTED); by default the channel runs until it reports completion.</summary>
    Started,

    /// <summary>We suspended the transfer ourselves (SUSPENDED); by default it stays suspended.</summary>
    Suspended,
}
