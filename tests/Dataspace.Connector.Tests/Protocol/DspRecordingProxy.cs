using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dataspace.Connector.Tests.Protocol;

/// <summary>One request through the proxy: what the peer sent and what the connector behind answered.</summary>
internal sealed record RecordedExchange(string Method, string Path, string RequestBody, int Status, string ResponseBody, bool Faked = false);

/// <summary>
/// A loopback HTTP proxy in front of a connector's DSP endpoints that records every request and response, so a test sees
/// the messages both connectors really send (requests from the peer, acknowledgements and errors from the connector).
/// </summary>
internal sealed class DspRecordingProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _forward = new() { Timeout = TimeSpan.FromSeconds(30) };

    private DspRecordingProxy(WebApplication app, string address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The proxy's base address (scheme, host, port).</summary>
    public string Address { get; }

    /// <summary>Where requests are forwarded to; set once the connector behind has started.</summary>
    public string? Target { get; set; }

    public ConcurrentQueue<RecordedExchange> Exchanges { get; } = new();

    /// <summary>When set and it returns an answer, the proxy plays the connector itself (a fake peer) for that request.</summary>
    public Func<string, string, string, (int Status, string Body)?>? Fake { get; set; }

    public static async Task<DspRecordingProxy> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        DspRecordingProxy? proxy = null;
        app.Run(context => proxy!.ForwardAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        proxy = new DspRecordingProxy(app, address);
        return proxy;
    }

    private async Task ForwardAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        if (Fake?.Invoke(context.Request.Method, context.Request.Path.Value ?? "", body) is { } faked)
        {
            Exchanges.Enqueue(new RecordedExchange(context.Request.Method, context.Request.Path, body, faked.Status, faked.Body, Faked: true));
            context.Response.StatusCode = faked.Status;
            if (faked.Body.Length > 0)
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(faked.Body, context.RequestAborted);
            }

            return;
        }

        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), Target!.TrimEnd('/') + context.Request.Path + context.Request.QueryString);
        if (context.Request.Headers.Authorization is { Count: > 0 } auth)
        {
            request.Headers.TryAddWithoutValidation("Authorization", auth.ToString());
        }

        if (HttpMethods.IsPost(context.Request.Method))
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await _forward.SendAsync(request, context.RequestAborted);
        var answer = await response.Content.ReadAsStringAsync(context.RequestAborted);
        Exchanges.Enqueue(new RecordedExchange(context.Request.Method, context.Request.Path, body, (int)response.StatusCode, answer));
        context.Response.StatusCode = (int)response.StatusCode;
        if (answer.Length > 0)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(answer, context.RequestAborted);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _forward.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
