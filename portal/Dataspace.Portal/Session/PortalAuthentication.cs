using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;

namespace Dataspace.Portal.Session;

/// <summary>
/// The portal's sign-in: a cookie whose ticket (encrypted by ASP.NET Core data protection) carries the management API key,
/// so the key stays on the server side and is never rendered into a page.
/// </summary>
public static class PortalAuthentication
{
    /// <summary>The authentication scheme of the portal's cookie.</summary>
    public const string Scheme = "DataspacePortal";

    /// <summary>The claim holding the management API key the operator signed in with.</summary>
    public const string ApiKeyClaim = "dataspace:management-api-key";

    /// <summary>The name of the cookie.</summary>
    public const string CookieName = ".Dataspace.Portal";

    /// <summary>A principal for an operator who proved to hold <paramref name="apiKey"/>; <paramref name="participantId"/> names them.</summary>
    public static ClaimsPrincipal CreatePrincipal(string apiKey, string participantId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, participantId), new Claim(ApiKeyClaim, apiKey.Trim())],
            Scheme);
        return new ClaimsPrincipal(identity);
    }

    /// <summary>The API key of a signed-in principal, or null.</summary>
    public static string? ApiKeyOf(ClaimsPrincipal? user) =>
        user?.Identity?.IsAuthenticated == true ? user.FindFirst(ApiKeyClaim)?.Value : null;

    /// <summary>Signs the operator in for the portal's session lifetime.</summary>
    public static Task SignInAsync(HttpContext context, string apiKey, string participantId)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.SignInAsync(Scheme, CreatePrincipal(apiKey, participantId), new AuthenticationProperties { IsPersistent = false });
    }

    internal static void Configure(CookieAuthenticationOptions cookie, PortalOptions options)
    {
        cookie.Cookie.Name = CookieName;
        cookie.Cookie.HttpOnly = true;
        cookie.Cookie.SameSite = SameSiteMode.Strict;
        cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        cookie.LoginPath = "/login";
        cookie.LogoutPath = "/logout";
        cookie.AccessDeniedPath = "/login";
        cookie.ExpireTimeSpan = options.SessionLifetime;
        cookie.SlidingExpiration = true;
    }
}
