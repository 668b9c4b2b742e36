using Dataspace.Portal.Session;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Dataspace.Portal;

/// <summary>Registers the participant portal's services.</summary>
public static class PortalServiceCollectionExtensions
{
    /// <summary>
    /// Adds the portal (Razor components with interactive server rendering, cookie sign-in with the management API key,
    /// the typed management client) configured from <paramref name="configuration"/> (the <c>Portal</c> section) and
    /// <paramref name="configure"/>. Map it with <c>MapDataspacePortal</c>.
    /// </summary>
    /// <remarks>
    /// The portal's cookie becomes the default authentication scheme. To sign in with an OpenID Connect provider instead,
    /// add the provider as the challenge scheme and copy the API key to <see cref="PortalAuthentication.ApiKeyClaim"/> when
    /// the ticket is created; pages only read that claim.
    /// </remarks>
    public static IServiceCollection AddDataspacePortal(this IServiceCollection services, IConfiguration? configuration = null, Action<PortalOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<PortalOptions>();
        if (configuration is not null)
        {
            options.Bind(configuration);
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.Validate(o => o.ConnectorUrl is null || o.ConnectorUrl is { IsAbsoluteUri: true, Scheme: "http" or "https" }, "Portal:ConnectorUrl must be an absolute http(s) URL")
            .Validate(o => o.SessionLifetime > TimeSpan.Zero, "Portal:SessionLifetime must be above zero")
            .Validate(o => o.Authority.Url is null == string.IsNullOrWhiteSpace(o.Authority.ApiKeyFile), "Portal:Authority:Url and Portal:Authority:ApiKeyFile are set together (the authority and its management API key file)")
            .Validate(o => o.Authority.Url is null || o.Authority.Url is { IsAbsoluteUri: true, Scheme: "http" or "https" }, "Portal:Authority:Url must be an absolute http(s) URL")
            .ValidateOnStart();

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddAuthorization();
        services.AddAuthentication(PortalAuthentication.Scheme).AddCookie(PortalAuthentication.Scheme, _ => { });
        services.AddOptions<CookieAuthenticationOptions>(PortalAuthentication.Scheme)
            .Configure<IOptions<PortalOptions>>((cookie, portal) => PortalAuthentication.Configure(cookie, portal.Value));
        services.AddAntiforgery();
        services.AddHttpContextAccessor();

        services.TryAddSingleton<PortalConnectorAddress>(sp => new PortalConnectorAddress(
            sp.GetRequiredService<IOptions<PortalOptions>>(), sp.GetService<Microsoft.AspNetCore.Hosting.Server.IServer>()));
        services.AddHttpClient(PortalConnection.HttpClientName, (sp, http) =>
        {
            http.BaseAddress = sp.GetRequiredService<PortalConnectorAddress>().Resolve();
            http.Timeout = sp.GetRequiredService<IOptions<PortalOptions>>().Value.RequestTimeout;
        });
        services.TryAddScoped<PortalConnection>();
        services.AddHttpClient(PortalAuthority.HttpClientName, (sp, http) =>
        {
            var portal = sp.GetRequiredService<IOptions<PortalOptions>>().Value;
            http.BaseAddress = portal.Authority.Url;
            http.Timeout = portal.RequestTimeout;
            // Pages of applications are small; another process's answer is never buffered without bound.
            http.MaxResponseContentBufferSize = 4 * 1024 * 1024;
        });
        services.TryAddSingleton<PortalAuthority>();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
