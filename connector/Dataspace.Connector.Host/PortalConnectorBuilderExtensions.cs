using Dataspace.Connector.Hosting;
using Dataspace.Portal;

namespace Dataspace.Connector.Host;

/// <summary>Adds the operator portal to a connector unless <c>Portal:Enabled</c> is false.</summary>
internal static class PortalConnectorBuilderExtensions
{
    /// <summary>Adds the portal's services bound to the <c>Portal</c> section, when it is enabled (the default).</summary>
    public static IConnectorBuilder AddPortal(this IConnectorBuilder connector)
    {
        if (IsEnabled(connector.Configuration))
        {
            connector.Services.AddDataspacePortal(connector.Configuration.GetSection(PortalOptions.Section));
        }

        return connector;
    }

    /// <summary>Maps the portal's pages when it is enabled; otherwise nothing.</summary>
    public static WebApplication MapPortal(this WebApplication app)
    {
        if (IsEnabled(app.Configuration))
        {
            app.MapDataspacePortal();
        }

        return app;
    }

    private static bool IsEnabled(IConfiguration configuration) =>
        configuration.GetSection(PortalOptions.Section).GetValue(nameof(PortalOptions.Enabled), true);
}
