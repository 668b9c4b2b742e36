using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dataspace.Plugins.Transport.Http.Tests;

/// <summary>A real Kestrel server on 127.0.0.1 with a free port.</summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private LoopbackServer(WebApplication app, Uri baseUrl)
    {
        App = app;
        BaseUrl = baseUrl;
    }

    public WebApplication App { get; }

    /// <summary>The server's address, e.g. http://127.0.0.1:41234 (no trailing slash).</summary>
    public Uri BaseUrl { get; }

    public string Url(string path) => BaseUrl.AbsoluteUri.TrimEnd('/') + path;

    public static async Task<LoopbackServer> StartAsync(Action<IServiceCollection> services, Action<WebApplication> pipeline)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        services(builder.Services);
        var app = builder.Build();
        pipeline(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LoopbackServer(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
