using Dataspace.Connector.Protocol.Dsp;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Dataspace.Connector.Compute.Channel;

/// <summary>The HTTP/2 listener the compute channel is served on, once Kestrel is configured; the address peers are told.</summary>
internal sealed class ComputeChannelListener
{
    /// <summary>The listener; Kestrel writes the bound port into it when it starts (port 0 becomes the port chosen).</summary>
    public ListenOptions? Listen { get; set; }

    /// <summary>The channel's address for peers, or null when this connector does not listen for compute channels.</summary>
    public Uri? Advertised(ComputeChannelOptions options, DspEndpointsInfo dsp)
    {
        if (!options.Enabled)
        {
            return null;
        }

        if (options.PublicUrl is { } configured)
        {
            return new Uri(configured);
        }

        if (Listen?.IPEndPoint is not { Port: > 0 } bound)
        {
            return null;
        }

        // The host peers already reach our DSP endpoints at, with the channel's own port.
        return new UriBuilder(Uri.UriSchemeHttp, dsp.PublicBaseUrl.Host, bound.Port).Uri;
    }
}
