namespace Dataspace.Connector.Transfer;

/// <summary>What an operator can do to a transfer.</summary>
public enum TransferAction
{
    /// <summary>Pause a started transfer.</summary>
    Suspend = 1,

    /// <summary>Start a suspended transfer again.</summary>
    Resume = 2,

    /// <summary>Declare a started transfer complete.</summary>
    Complete = 3,

    /// <summary>End a transfer before completion.</summary>
    Terminate = 4,
}
