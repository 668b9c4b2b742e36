namespace Dataspace.Connector.Client;

/// <summary>The DSP names of transfer process states.</summary>
public static class TransferStates
{
    /// <summary>The consumer asked for the transfer.</summary>
    public const string Requested = "REQUESTED";

    /// <summary>Data flows (push) or may be pulled (pull).</summary>
    public const string Started = "STARTED";

    /// <summary>Paused; may be resumed.</summary>
    public const string Suspended = "SUSPENDED";

    /// <summary>Done: all data was transferred.</summary>
    public const string Completed = "COMPLETED";

    /// <summary>Done: ended before completion.</summary>
    public const string Terminated = "TERMINATED";
}
