namespace Dataspace.Sdk.Transfer;

/// <summary>Why and for which transfer a channel stops delivering.</summary>
/// <param name="TransferId">The provider's process id of the transfer.</param>
/// <param name="Reason">Suspended, terminated or completed.</param>
public sealed record TransferStopContext(string TransferId, TransferStopReason Reason);
