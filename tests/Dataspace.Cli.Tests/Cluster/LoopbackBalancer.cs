using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Configuration;

namespace Dataspace.Cli.Tests.Cluster;

/// <summary>
/// A YARP reverse proxy on 127.0.0.1: <c>/</c> round-robin over the provider instances, <c>/{name}/…</c> to one
/// consumer each. Every POST it forwards is recorded (path, body, status), to check what was sent per transition.
/// </summary>
internal sealed class LoopbackBalancer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackBalancer(WebApplication app, int port)
    {
        _app = app;
        Url = $"http://127.0.0.1:{port}";
    }

    public string Url { get; }

    public ConcurrentQueue<(string Path, string Body, int Status)> Posts { get; } = new();

    /// <param name="port">The balancer's port, chosen before the instances start because they publish it.</param>
    public static async Task<LoopbackBalancer> StartAsync(int port, IReadOnlyList<int> providerPorts, IReadOnlyDictionary<string, int> consumerPorts)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var routes = new List<RouteConfig>
        {
            new() { RouteId = "provider", ClusterId = "provider", Order = 100, Match = new RouteMatch { Path = "/{**rest}" } },
        };
        var clusters = new List<ClusterConfig>
        {
            new()
            {
                ClusterId = "provider",
                LoadBalancingPolicy = "RoundRobin",
                Destinations = providerPorts.Select((p, i) => (i, p)).ToDictionary(d => "p" + d.i, d => new DestinationConfig { Address = $"http://127.0.0.1:{d.p}" }),
            },
        };
        foreach (var (name, consumerPort) in consumerPorts)
        {
            routes.Add(new RouteConfig
            {
                RouteId = name,
                ClusterId = name,
                Order = 1,
                Match = new RouteMatch { Path = $"/{name}/{{**rest}}" },
                Transforms = [new Dictionary<string, string> { ["PathRemovePrefix"] = "/" + name }],
            });
            clusters.Add(new ClusterConfig { ClusterId = name, Destinations = new Dictionary<string, DestinationConfig> { ["c"] = new() { Address = $"http://127.0.0.1:{consumerPort}" } } });
        }

        builder.Services.AddReverseProxy().LoadFromMemory(routes, clusters);
        var app = builder.Build();
        var balancer = new LoopbackBalancer(app, port);
        app.MapReverseProxy(proxy => proxy.Use(async (context, next) =>
        {
            if (!HttpMethods.IsPost(context.Request.Method) || context.Request.Path.Value!.Contains("/management/", StringComparison.Ordinal))
            {
                await next();
                return;
            }

            context.Request.EnableBuffering();
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8, leaveOpen: true);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            context.Request.Body.Position = 0;
            await next();
            balancer.Posts.Enqueue((context.Request.Path.Value!, body, context.Response.StatusCode));
        }));
        await app.StartAsync();
        return balancer;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
