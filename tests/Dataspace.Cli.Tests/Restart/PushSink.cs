using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Dataspace.Cli.Tests.Restart;

/// <summary>
/// The consumer's push destination: an HTTP listener on loopback that records every body delivered to each path, so a
/// test can tell a push that arrived (once or, redone after a restart, more than once) from one that never did.
/// </summary>
internal sealed class PushSink : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<byte[]>> _deliveries = new(StringComparer.Ordinal);
    private readonly Task _loop;

    public PushSink()
    {
        // HttpListener cannot bind port 0: take a free port and register it at once.
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    public int Port { get; }

    /// <summary>A destination URL of its own for one push.</summary>
    public string NewDestination() => $"http://127.0.0.1:{Port}/push/{Guid.NewGuid():N}";

    /// <summary>The bodies received at <paramref name="destination"/>.</summary>
    public IReadOnlyList<byte[]> Received(string destination) =>
        _deliveries.TryGetValue(new Uri(destination).AbsolutePath, out var bodies) ? [.. bodies] : [];

    private async Task AcceptAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                try
                {
                    using var body = new MemoryStream();
                    await context.Request.InputStream.CopyToAsync(body);
                    _deliveries.GetOrAdd(context.Request.Url!.AbsolutePath, _ => new ConcurrentQueue<byte[]>()).Enqueue(body.ToArray());
                    context.Response.StatusCode = 200;
                    context.Response.Close();
                }
                catch (Exception e) when (e is HttpListenerException or IOException)
                {
                    // The provider was killed mid-push: that body is incomplete and not recorded.
                }
            });
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
