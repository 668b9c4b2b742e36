using Dataspace.Connector.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.Protocol.Dsp;

/// <summary>Our own DSP identity: participant id and the URL peers reach our DSP endpoints at.</summary>
public sealed class DspEndpointsInfo
{
    private readonly IOptions<DspOptions> _options;
    private readonly IServiceProvider _services;
    private readonly ConnectorInstance _instance;

    /// <summary>Creates the info.</summary>
    public DspEndpointsInfo(IOptions<DspOptions> options, IServiceProvider services, ConnectorInstance instance)
    {
        _options = options;
        // The server is looked up when first needed: services built before the server (plugins' data planes) may depend on this.
        _services = services;
        _instance = instance;
    }

    /// <summary>Our participant id.</summary>
    public string ParticipantId => _instance.ParticipantId;

    /// <summary>The public base URL of the connector (scheme, host, port).</summary>
    public Uri PublicBaseUrl
    {
        get
        {
            if (_options.Value.PublicUrl is { } configured)
            {
                var uri = new Uri(configured);
                return new Uri(uri.GetLeftPart(UriPartial.Authority));
            }

            var address = _services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://127.0.0.1";
            return new Uri(address.Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal).Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal));
        }
    }

    /// <summary>Our DSP base URL, given to peers as callback address.</summary>
    public string DspUrl => (_options.Value.PublicUrl ?? PublicBaseUrl.ToString().TrimEnd('/') + DspOptions.BasePath).TrimEnd('/');
}
