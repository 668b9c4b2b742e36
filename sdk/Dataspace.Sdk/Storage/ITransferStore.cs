namespace Dataspace.Sdk.Storage;

/// <summary>Transfer processes.</summary>
/// <remarks>The host stores data addresses' secret properties encrypted by wrapping this port; an implementation stores what it is given.</remarks>
public interface ITransferStore : IProcessStore<TransferProcessRecord, TransferState>;
