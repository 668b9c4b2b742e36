using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dataspace.Portal;

/// <summary>The portal as a web application of its own, managing a remote connector (<c>dataspace portal</c>).</summary>
public static class StandalonePortal
{
    /// <summary>
    /// Builds (without starting) a portal on <paramref name="bindAddress"/>:<paramref name="port"/> (0 picks a free port) that
    /// manages the connector at <paramref name="connectorUrl"/>; the site root redirects to the portal's path base.
    /// </summary>
    public static WebApplication Build(Uri connectorUrl, int port, string bindAddress = "127.0.0.1", string pathBase = PortalInfo.DefaultPath, LogLevel minimumLogLevel = LogLevel.Warning)
    {
        ArgumentNullException.ThrowIfNull(connectorUrl);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            ApplicationName = typeof(StandalonePortal).Assembly.GetName().Name,
        });
        builder.Logging.SetMinimumLevel(minimumLogLevel);
        builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, string.Empty);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(string.Equals(bindAddress, "localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback : IPAddress.Parse(bindAddress), port);
        });
        builder.Services.AddDataspacePortal(configure: options =>
        {
            options.ConnectorUrl = connectorUrl;
            options.PathBase = pathBase;
        });

        var app = builder.Build();
        var normalized = new PortalOptions { PathBase = pathBase }.NormalizedPathBase;
        if (normalized.Length > 0)
        {
            app.Use((context, next) =>
            {
                if (context.Request.Path == "/" && !context.Request.Path.StartsWithSegments(normalized))
                {
                    context.Response.Redirect(normalized + "/");
                    return Task.CompletedTask;
                }

                return next(context);
            });
        }

        app.MapDataspacePortal();
        return app;
    }
}
