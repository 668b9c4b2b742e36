namespace Dataspace.Connector.Compute;

/// <summary>Opens the channel between this connector and the other parties of one compute task.</summary>
/// <remarks>
/// Messages travel between the connectors' endpoints, authenticated as DSP requests are (the peer's identity token),
/// never over a side door. A connector accepts a message only from a party named in a task it has opened; anything
/// else is refused without being buffered.
/// </remarks>
public interface IComputeChannelFactory
{
    /// <summary>Opens this party's channel for one task; disposing it closes the task's channel for every party.</summary>
    Task<IComputeTaskChannel> OpenAsync(ComputeChannelRequest request, CancellationToken cancellationToken);
}
