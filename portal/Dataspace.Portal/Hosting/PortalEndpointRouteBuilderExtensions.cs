using System.Reflection;
using Dataspace.Portal.Components;
using Dataspace.Portal.Localization;
using Dataspace.Portal.Session;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dataspace.Portal;

/// <summary>Serves the participant portal.</summary>
public static class PortalEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Serves the portal below <see cref="PortalOptions.PathBase"/> (default <c>/portal</c>): its pages, the Blazor script and
    /// style sheet (embedded, so they are served the same way from any host and environment), the favicon, sign-out, the language switch
    /// and downloads of pulled data. Adds routing, authentication, authorization and antiforgery to the pipeline; call it
    /// before other middleware that needs routing.
    /// </summary>
    public static WebApplication MapDataspacePortal(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var pathBase = app.Services.GetRequiredService<IOptions<PortalOptions>>().Value.NormalizedPathBase;
        if (pathBase.Length > 0)
        {
            app.UsePathBase(pathBase);
        }

        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        // UsePathBase leaves other requests untouched: the portal's endpoints must not answer outside its path base.
        app.Use((context, next) =>
            context.GetEndpoint()?.Metadata.GetMetadata<PortalEndpoint>() is not null && !string.Equals(context.Request.PathBase, pathBase, StringComparison.Ordinal)
                ? Results.NotFound().ExecuteAsync(context)
                : next(context));

        MapAsset(app, "/_framework/blazor.web.js", "blazor.web.js", "text/javascript");
        MapAsset(app, "/portal.css", "portal.css", "text/css");
        MapAsset(app, "/favicon.svg", "favicon.svg", "image/svg+xml");

        app.MapPost("/logout", async (HttpContext context) =>
        {
            await context.SignOutAsync(PortalAuthentication.Scheme).ConfigureAwait(false);
            return Results.LocalRedirect("~/login");
        }).WithMetadata(PortalEndpoint.Instance, new RequireAntiforgeryTokenAttribute());

        app.MapGet("/language/{language}", (string language, string? returnUrl, HttpContext context) =>
        {
            context.Response.Cookies.Append(PortalLanguage.CookieName, PortalLanguage.Normalize(language), new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                MaxAge = TimeSpan.FromDays(365),
                Path = string.IsNullOrEmpty(context.Request.PathBase) ? "/" : context.Request.PathBase.Value,
            });
            return Results.LocalRedirect(IsLocal(returnUrl) ? returnUrl! : "~/");
        }).WithMetadata(PortalEndpoint.Instance);

        app.MapGet("/transfers/{id}/data", TransferDownload.DownloadAsync)
            .RequireAuthorization()
            .WithMetadata(PortalEndpoint.Instance);

        app.MapGet("/compute/jobs/{id}/outputs/{taskId}/{name}", ComputeOutputDownload.DownloadAsync)
            .RequireAuthorization()
            .WithMetadata(PortalEndpoint.Instance);

        app.MapGet("/audit/bundle", AuditBundleDownload.DownloadAsync)
            .RequireAuthorization()
            .WithMetadata(PortalEndpoint.Instance);

        app.MapRazorComponents<App>()
            .AddInteractiveServerRenderMode()
            .Add(endpoint => endpoint.Metadata.Add(PortalEndpoint.Instance));
        return app;
    }

    /// <summary>Whether <paramref name="url"/> is a path on this site (not another site's address), so redirecting to it is safe.</summary>
    /// <remarks>
    /// Only printable ASCII is accepted: browsers drop tabs and line breaks (so "/\t/evil.example" is "//evil.example"),
    /// ASP.NET's own redirect refuses control characters with an exception, and Kestrel refuses a non-ASCII Location.
    /// </remarks>
    internal static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && url.AsSpan().IndexOfAnyExceptInRange(' ', '~') < 0;

    private static void MapAsset(WebApplication app, string pattern, string name, string contentType)
    {
        var content = ReadAsset(name);
        var etag = $"\"{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(content))[..16]}\"";
        app.MapGet(pattern, (HttpContext context) =>
        {
            context.Response.Headers.ETag = etag;
            context.Response.Headers.CacheControl = "no-cache";
            return context.Request.Headers.IfNoneMatch == etag
                ? Results.StatusCode(StatusCodes.Status304NotModified)
                : Results.Bytes(content, contentType);
        }).WithMetadata(PortalEndpoint.Instance).AllowAnonymous();
    }

    private static byte[] ReadAsset(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Dataspace.Portal.Assets." + name)
            ?? throw new InvalidOperationException($"the portal assembly lacks its embedded asset {name}");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
