using Microsoft.AspNetCore.Http;

namespace Dataspace.Portal.Localization;

/// <summary>The languages of the portal and the cookie that remembers the operator's choice.</summary>
public static class PortalLanguage
{
    /// <summary>English (the default).</summary>
    public const string English = "en";

    /// <summary>Simplified Chinese.</summary>
    public const string Chinese = "zh";

    /// <summary>The cookie holding the chosen language.</summary>
    public const string CookieName = "dataspace-portal-lang";

    /// <summary>A known language code for <paramref name="value"/>, English otherwise.</summary>
    public static string Normalize(string? value) =>
        value is not null && value.StartsWith(Chinese, StringComparison.OrdinalIgnoreCase) ? Chinese : English;

    /// <summary>The language of a request: the cookie, else the browser's first preference.</summary>
    public static string Of(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Cookies.TryGetValue(CookieName, out var chosen))
        {
            return Normalize(chosen);
        }

        var accept = request.Headers.AcceptLanguage.ToString();
        return Normalize(accept.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault());
    }
}
