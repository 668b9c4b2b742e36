namespace Dataspace.Plugins.Transport.Http.HttpData;

/// <summary>The one HTTP client the plugin talks to backends and push destinations with (pooled connections).</summary>
internal sealed class HttpDataClient : IDisposable
{
    public HttpDataClient(HttpTransportOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.ConnectTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
        };

        // Bodies are streamed for as long as they take; cancellation comes from the caller's token.
        Client = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>The client; never dispose it.</summary>
    public HttpClient Client { get; }

    public void Dispose() => Client.Dispose();
}
