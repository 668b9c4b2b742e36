namespace Dataspace.Connector.Transfer;

/// <summary>The DSP 2025-1 messages that move a transfer process.</summary>
public enum TransferMessageKind
{
    /// <summary>TransferRequestMessage (consumer).</summary>
    Request = 1,

    /// <summary>TransferStartMessage: the provider starts or resumes; the consumer asks to resume a suspended transfer.</summary>
    Start,

    /// <summary>TransferSuspensionMessage (either party).</summary>
    Suspension,

    /// <summary>TransferCompletionMessage (either party).</summary>
    Completion,

    /// <summary>TransferTerminationMessage (either party).</summary>
    Termination,
}
