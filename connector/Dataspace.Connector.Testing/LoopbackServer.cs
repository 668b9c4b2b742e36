using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dataspace.Connector.Testing;

/// <summary>A minimal real Kestrel app on 127.0.0.1 with a free port: a peer, a data sink or a did:web host for a test.</summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private LoopbackServer(WebApplication app, Uri baseUrl)
    {
        App = app;
        BaseUrl = baseUrl;
    }

    /// <summary>The running application.</summary>
    public WebApplication App { get; }

    /// <summary>The server's address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The absolute URL of <paramref name="path"/> (which starts with a slash) on this server.</summary>
    public string Url(string path) => BaseUrl.AbsoluteUri.TrimEnd('/') + path;

    /// <summary>Starts a server whose endpoints <paramref name="map"/> adds.</summary>
    public static Task<LoopbackServer> StartAsync(Action<WebApplication> map, CancellationToken cancellationToken = default) =>
        StartAsync(static _ => { }, map, cancellationToken);

    /// <summary>Starts a server with the services <paramref name="services"/> adds and the pipeline <paramref name="pipeline"/> builds.</summary>
    public static async Task<LoopbackServer> StartAsync(Action<IServiceCollection> services, Action<WebApplication> pipeline, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(pipeline);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        services(builder.Services);
        var app = builder.Build();
        try
        {
            pipeline(app);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? throw new InvalidOperationException("the loopback server started without an HTTP address");
            return new LoopbackServer(app, new Uri(address));
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops the server and releases its port.</summary>
    public async ValueTask DisposeAsync()
    {
        await App.StopAsync().ConfigureAwait(false);
        await App.DisposeAsync().ConfigureAwait(false);
    }
}
