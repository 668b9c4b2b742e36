using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace Dataspace.Identity.Dids;

/// <summary>Maps did:web DIDs to the URLs of their DID documents and back.</summary>
public static class DidWeb
{
    /// <summary>The URL of the DID document: <c>/.well-known/did.json</c> for a bare host, else <c>/path/did.json</c>.</summary>
    /// <param name="did">The did:web DID.</param>
    /// <param name="useHttp">Whether to use http instead of https (loopback test mode).</param>
    /// <param name="url">The document's URL.</param>
    /// <param name="reason">Why the DID is not a valid did:web, on failure.</param>
    public static bool TryGetDocumentUrl(string did, bool useHttp, [NotNullWhen(true)] out Uri? url, [NotNullWhen(false)] out string? reason)
    {
        url = null;
        if (!Did.TryParse(did, out var method, out var id) || method != "web")
        {
            reason = $"'{did}' is not a did:web DID";
            return false;
        }

        var segments = id.Split(':');
        if (segments.Any(string.IsNullOrEmpty))
        {
            reason = $"'{did}' has an empty path segment";
            return false;
        }

        var host = Uri.UnescapeDataString(segments[0]);
        var path = segments.Length == 1 ? "/.well-known/did.json" : "/" + string.Join('/', segments[1..].Select(Uri.UnescapeDataString)) + "/did.json";
        if (host.Contains('/', StringComparison.Ordinal) || !Uri.TryCreate($"{(useHttp ? "http" : "https")}://{host}{path}", UriKind.Absolute, out url))
        {
            reason = $"'{did}' does not name a valid host ('{host}')";
            return false;
        }

        reason = null;
        return true;
    }

    /// <summary>The did:web DID for a base URL (<c>https://host:port/path</c> → <c>did:web:host%3Aport:path</c>).</summary>
    public static string FromUrl(Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        var host = baseUrl.IsDefaultPort ? baseUrl.Host : $"{baseUrl.Host}%3A{baseUrl.Port}";
        var path = baseUrl.AbsolutePath.Trim('/');
        if (path.EndsWith("did.json", StringComparison.Ordinal))
        {
            path = path[..^"did.json".Length].Trim('/');
        }

        if (path == ".well-known")
        {
            path = string.Empty;
        }

        return path.Length == 0 ? $"did:web:{host}" : $"did:web:{host}:{string.Join(':', path.Split('/'))}";
    }

    /// <summary>Whether the DID's host is a loopback address or <c>localhost</c>.</summary>
    public static bool IsLoopback(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.IsLoopback || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }
}
