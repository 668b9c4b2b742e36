using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Configuration;

namespace Dataspace.Benchmarks.Protocol;

/// <summary>A YARP reverse proxy on 127.0.0.1 sending each request to the next of several connector instances in turn.</summary>
internal sealed class RoundRobinBalancer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RoundRobinBalancer(WebApplication app, int port)
    {
        _app = app;
        Url = $"http://127.0.0.1:{port}";
    }

    /// <summary>The root URL without a trailing slash.</summary>
    public string Url { get; }

    /// <summary>The balancer's address, chosen before the instances start because they publish it.</summary>
    public static string UrlFor(int port) => $"http://127.0.0.1:{port}";

    /// <summary>Starts balancing on <paramref name="port"/> over <paramref name="destinations"/> (root URLs).</summary>
    public static async Task<RoundRobinBalancer> StartAsync(int port, IReadOnlyList<string> destinations)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(UrlFor(port));
        builder.Services.AddReverseProxy().LoadFromMemory(
            [new RouteConfig { RouteId = "all", ClusterId = "instances", Match = new RouteMatch { Path = "/{**rest}" } }],
            [new ClusterConfig
            {
                ClusterId = "instances",
                LoadBalancingPolicy = "RoundRobin",
                Destinations = destinations.Select((d, i) => (d, i)).ToDictionary(d => "i" + d.i, d => new DestinationConfig { Address = d.d }),
            }]);
        var app = builder.Build();
        app.MapReverseProxy();
        await app.StartAsync();
        return new RoundRobinBalancer(app, port);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
