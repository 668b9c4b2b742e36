using System.ComponentModel.DataAnnotations;

namespace Dataspace.Connector.Compute.Channel;

/// <summary>The compute task channel between connectors (configuration section <c>Connector:Compute:Channel</c>).</summary>
/// <remarks>
/// The channel is a gRPC service on its own HTTP/2 listener: Kestrel serves HTTP/2 without TLS only on an endpoint that
/// speaks nothing else, so it cannot share the HTTP/1.1 DSP port. Peers find it at <c>/.well-known/dspace-compute</c>
/// on the DSP listener (docs/compute/channel.md).
/// </remarks>
public sealed class ComputeChannelOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Connector:Compute:Channel";

    /// <summary>Whether the connector listens for compute channels at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The HTTP/2 port of the channel; unset, the DSP port plus one (0 when the DSP port is 0: any free port).</summary>
    [Range(0, 65535)]
    public int? Port { get; set; }

    /// <summary>The channel's address as peers reach it (behind a proxy or TLS terminator); unset, the DSP host with <see cref="Port"/>.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>The largest payload of one message.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxPayloadBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>How many payload bytes one frame carries at most before it is sent (small messages are batched up to it).</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int BatchBytes { get; set; } = 1024 * 1024;

    /// <summary>Messages waiting to be sent to one peer before <c>SendAsync</c> waits.</summary>
    [Range(1, 10_000)]
    public int OutboundQueueMessages { get; set; } = 16;

    /// <summary>Payload bytes received on one (peer, topic) and not yet read before the connector stops reading from that peer (back-pressure).</summary>
    [Range(1024, 1024L * 1024 * 1024)]
    public long MaxQueuedBytesPerTopic { get; set; } = 8 * 1024 * 1024;

    /// <summary>How many task channels may be open at once.</summary>
    [Range(1, 100_000)]
    public int MaxConcurrentTasks { get; set; } = 64;

    /// <summary>How many topics one (peer, direction) of a task channel may use.</summary>
    [Range(1, 100_000)]
    public int MaxTopicsPerChannel { get; set; } = 64;

    /// <summary>How long an opened task channel waits for each peer to join (its stream to us, ours to it) before it fails.</summary>
    [Range(1, 3600)]
    public int JoinTimeoutSeconds { get; set; } = 30;
}
