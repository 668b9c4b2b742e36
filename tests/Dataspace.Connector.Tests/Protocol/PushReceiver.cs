using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Connector.Tests.Protocol;

/// <summary>The consumer's own HTTP endpoint that a push transfer delivers to: keeps the first body and Authorization header.</summary>
internal sealed class PushReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PushReceiver(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public TaskCompletionSource<(byte[] Body, string? Authorization)> Received { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static async Task<PushReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        PushReceiver? receiver = null;
        app.MapMethods("/inbox", ["POST", "PUT"], async (HttpContext http) =>
        {
            using var memory = new MemoryStream();
            await http.Request.Body.CopyToAsync(memory);
            receiver!.Received.TrySetResult((memory.ToArray(), http.Request.Headers.Authorization.ToString()));
            return Results.Ok();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver = new PushReceiver(app, address + "/inbox");
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
