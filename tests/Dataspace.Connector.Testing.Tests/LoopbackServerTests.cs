using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Connector.Testing.Tests;

public sealed class LoopbackServerTests
{
    [Fact]
    public async Task StartAsync_MappedEndpoint_AnswersOnLoopback()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/hello", () => "hi"));
        using var http = new HttpClient();

        Assert.Equal("127.0.0.1", server.BaseUrl.Host);
        Assert.Equal("hi", await http.GetStringAsync(server.Url("/hello")));
    }

    [Fact]
    public async Task StartAsync_WithServices_EndpointsResolveThem()
    {
        await using var server = await LoopbackServer.StartAsync(
            services => services.AddSingleton(new Greeting("from a service")),
            app => app.MapGet("/", (Greeting g) => g.Text));
        using var http = new HttpClient();

        Assert.Equal("from a service", await http.GetStringAsync(server.BaseUrl));
    }

    [Fact]
    public async Task DisposeAsync_ReleasesThePort()
    {
        var server = await LoopbackServer.StartAsync(app => app.MapGet("/", () => Results.Ok()));
        var port = server.BaseUrl.Port;

        await server.DisposeAsync();

        using var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        listener.Stop();
    }

    [Fact]
    public void LoopbackPorts_Next_IsAFreePortThatCanBeBound()
    {
        var port = LoopbackPorts.Next();

        using var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        Assert.InRange(port, 1, 65535);
        listener.Stop();
    }

    private sealed record Greeting(string Text);
}
