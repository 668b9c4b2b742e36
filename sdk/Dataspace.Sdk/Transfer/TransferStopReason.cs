namespace Dataspace.Sdk.Transfer;

/// <summary>Why a transfer stops.</summary>
public enum TransferStopReason
{
    /// <summary>Paused; it may be started again.</summary>
    Suspended = 1,

    /// <summary>Ended for good before completion.</summary>
    Terminated = 2,

    /// <summary>All data was delivered.</summary>
    Completed = 3,
}
