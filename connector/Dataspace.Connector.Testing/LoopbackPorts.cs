using System.Net;
using System.Net.Sockets;

namespace Dataspace.Connector.Testing;

/// <summary>Free TCP ports on 127.0.0.1, for servers whose URL must be known before they start (a did:web, a public URL).</summary>
/// <remarks>
/// Ports come from below the kernel's ephemeral range (ip_local_port_range): a port handed out by bind(0) or used as
/// the source of an outgoing connection by any process on the machine lies in that range, so it can be taken between
/// the moment we find a port free and the moment a server binds it (or binds it again after a restart). Below the
/// range only another caller of this method can take it; a random start and a per-process record of ports handed out
/// make that unlikely.
/// </remarks>
public static class LoopbackPorts
{
    private const int Lowest = 10000;
    private static readonly Lock Gate = new();
    private static readonly HashSet<int> HandedOut = [];
    private static readonly int EphemeralStart = ReadEphemeralStart();

    /// <summary>A port that was free a moment ago and that neither bind(0) nor an outgoing connection will take.</summary>
    public static int Next()
    {
        if (EphemeralStart - Lowest < 1000)
        {
            return FromKernel();
        }

        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(Lowest, EphemeralStart);
            lock (Gate)
            {
                if (!HandedOut.Add(port))
                {
                    continue;
                }
            }

            if (IsFree(port))
            {
                return port;
            }
        }

        return FromKernel();
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            socket.Listen();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FromKernel()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static int ReadEphemeralStart()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return int.Parse(range[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            // Windows and macOS start their dynamic range at 49152.
            return 49152;
        }
    }
}
