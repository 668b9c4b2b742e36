namespace Dataspace.Sdk.Transfer;

/// <summary>Delivers data for one DSP transfer type on the provider's side (a data plane).</summary>
/// <remarks>
/// Called concurrently for different transfers. The connector persists the transfer's state before and after each
/// call; a channel reports asynchronous completion or failure through <see cref="ITransferEvents"/>.
/// </remarks>
public interface ITransferChannel
{
    /// <summary>The transfer type handled, e.g. <see cref="TransferTypes.HttpPull"/>.</summary>
    string TransferType { get; }

    /// <summary>Starts (or resumes) delivery; for a pull type returns the address the consumer fetches from.</summary>
    Task<TransferStartResult> StartAsync(TransferStartContext context, CancellationToken cancellationToken);

    /// <summary>Stops delivery because the transfer was suspended, terminated or completed; revokes what was handed out.</summary>
    Task StopAsync(TransferStopContext context, CancellationToken cancellationToken);
}
