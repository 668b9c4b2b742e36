using System.Net;
using System.Net.Sockets;

namespace Dataspace.Connector.Testing;

/// <summary>Free TCP ports on 127.0.0.1, for servers whose URL must be known before they start (a did:web, a public URL).</summary>
public static class LoopbackPorts
{
    /// <summary>A port that was free a moment ago; another process may take it before it is used, so prefer port 0 where the URL can be read after start.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
