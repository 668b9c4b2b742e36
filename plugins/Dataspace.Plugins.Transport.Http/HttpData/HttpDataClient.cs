using Dataspace.Sdk.Egress;

namespace Dataspace.Plugins.Transport.Http.HttpData;

/// <summary>The one HTTP client the plugin talks to backends and push destinations with (pooled connections).</summary>
internal sealed class HttpDataClient : IDisposable
{
    public HttpDataClient(HttpTransportOptions options, IEgressPolicy egress)
    {
        // Destinations come from peers' data addresses: connections go only where the connector's egress policy allows.
        var handler = egress.CreateHandler();
        handler.ConnectTimeout = options.ConnectTimeout;
        Egress = egress;

        // Bodies are streamed for as long as they take; cancellation comes from the caller's token.
        Client = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>The client; never dispose it.</summary>
    public HttpClient Client { get; }

    /// <summary>The connector's egress policy, to refuse a destination before any work starts.</summary>
    public IEgressPolicy Egress { get; }

    public void Dispose() => Client.Dispose();
}
