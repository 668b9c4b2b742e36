using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Dataspace.Portal.Session;

/// <summary>The root URL of the connector the portal manages: the configured one, or the hosting connector's own address on loopback.</summary>
public sealed class PortalConnectorAddress
{
    private readonly IOptions<PortalOptions> _options;
    private readonly IServer? _server;

    /// <summary>Creates the resolver; <paramref name="server"/> is the hosting server when the connector serves the portal itself.</summary>
    public PortalConnectorAddress(IOptions<PortalOptions> options, IServer? server = null)
    {
        _options = options;
        _server = server;
    }

    /// <summary>The connector's root URL.</summary>
    /// <exception cref="InvalidOperationException">No URL is configured and the hosting server has no address yet.</exception>
    public Uri Resolve()
    {
        if (_options.Value.ConnectorUrl is { } configured)
        {
            return configured;
        }

        var address = _server?.Features.Get<IServerAddressesFeature>()?.Addresses
            .FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            ?? _server?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("the portal has no connector URL (Portal:ConnectorUrl) and its host is not listening yet");
        return ToLoopback(address);
    }

    // A connector listening on every interface is reached on loopback: the portal calls it from the same machine.
    internal static Uri ToLoopback(string address)
    {
        var text = address.Replace("://+:", "://127.0.0.1:", StringComparison.Ordinal).Replace("://*:", "://127.0.0.1:", StringComparison.Ordinal);
        var builder = new UriBuilder(text);
        builder.Host = builder.Host switch
        {
            "0.0.0.0" => "127.0.0.1",
            "[::]" or "::" => "[::1]",
            _ => builder.Host,
        };
        return builder.Uri;
    }
}
