using Dataspace.Sdk.Compute;

namespace Dataspace.Connector.Compute;

/// <summary>Reaches the other parties' compute engines: proposals and state notices under their DSP base address.</summary>
/// <remarks>Requests are authenticated as DSP requests are (the caller's identity token); the receiver learns who sent them.</remarks>
public interface IComputePeers
{
    /// <summary>Proposes <paramref name="job"/> to a provider (<c>POST {dsp}/compute/jobs</c>); returns the provider's copy with its decision.</summary>
    /// <exception cref="ComputeEngineException">The provider refused the job (not stored there).</exception>
    Task<ComputeJob> ProposeAsync(ComputePeerEndpoint peer, ComputeJob job, CancellationToken cancellationToken);

    /// <summary>Sends a state notice to a party (<c>POST {dsp}/compute/jobs/{id}/notices</c>).</summary>
    Task NotifyAsync(ComputePeerEndpoint peer, ComputeJobNotice notice, CancellationToken cancellationToken);

    /// <summary>Reads a party's copy of a job (<c>GET {dsp}/compute/jobs/{id}</c>); null when it has none.</summary>
    Task<ComputeJob?> GetAsync(ComputePeerEndpoint peer, string jobId, CancellationToken cancellationToken);
}
