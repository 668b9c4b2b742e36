namespace Dataspace.Sdk.Storage;

/// <summary>The DSP transfer process states, with spaced codes.</summary>
public enum TransferState
{
    /// <summary>The consumer asked for the transfer.</summary>
    Requested = 100,

    /// <summary>Data is flowing (or available to pull).</summary>
    Started = 200,

    /// <summary>Paused; may be started again.</summary>
    Suspended = 300,

    /// <summary>All data delivered (terminal).</summary>
    Completed = 800,

    /// <summary>Ended before completion (terminal).</summary>
    Terminated = 900,
}
