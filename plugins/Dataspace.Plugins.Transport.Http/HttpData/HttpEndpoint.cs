using System.Diagnostics.CodeAnalysis;
using Dataspace.Sdk.Transfer;

namespace Dataspace.Plugins.Transport.Http.HttpData;

/// <summary>An HTTP request target parsed from a data address: URL, method and headers.</summary>
internal sealed record HttpEndpoint(Uri Url, HttpMethod Method, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    private static readonly HttpMethod[] ReadMethods = [HttpMethod.Get, HttpMethod.Post];
    private static readonly HttpMethod[] WriteMethods = [HttpMethod.Post, HttpMethod.Put];

    /// <summary>The URL without query or credentials, safe to show in reasons and logs.</summary>
    public string DisplayUrl => $"{Url.Scheme}://{Url.Authority}{Url.AbsolutePath}";

    /// <summary>Parses an <c>HttpData</c> address (<c>baseUrl</c>, <c>path</c>, <c>queryParams</c>, <c>method</c>, auth) to read from.</summary>
    public static bool TryParseSource(DataAddress address, [NotNullWhen(true)] out HttpEndpoint? endpoint, out string reason) =>
        TryParse(address, ReadMethods, acceptDspAddress: false, out endpoint, out reason);

    /// <summary>Parses an <c>HttpData</c> address, or a DSP HTTP address (<c>endpoint</c>, <c>authorization</c>, <c>authType</c>), to write to.</summary>
    public static bool TryParseDestination(DataAddress address, [NotNullWhen(true)] out HttpEndpoint? endpoint, out string reason) =>
        TryParse(address, WriteMethods, acceptDspAddress: true, out endpoint, out reason);

    private static bool TryParse(DataAddress address, HttpMethod[] methods, bool acceptDspAddress, [NotNullWhen(true)] out HttpEndpoint? endpoint, out string reason)
    {
        endpoint = null;
        if (!HttpAddressProperties.TryShortenEdcNames(address, out address, out reason))
        {
            return false;
        }

        string urlProperty;
        if (string.Equals(address.Type, DataAddressTypes.HttpData, StringComparison.Ordinal))
        {
            urlProperty = HttpAddressProperties.BaseUrl;
        }
        else if (string.Equals(address.Type, HttpAddressProperties.DspHttpEndpointType, StringComparison.Ordinal) && acceptDspAddress)
        {
            urlProperty = HttpAddressProperties.Endpoint;
        }
        else
        {
            reason = $"address type '{address.Type}' is not {DataAddressTypes.HttpData}";
            return false;
        }

        var text = address.GetProperty(urlProperty);
        if (string.IsNullOrWhiteSpace(text))
        {
            reason = $"the address has no '{urlProperty}' property";
            return false;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            reason = $"'{urlProperty}' must be an absolute http or https URL";
            return false;
        }

        if (!TryBuildUrl(url, address.GetProperty(HttpAddressProperties.Path), address.GetProperty(HttpAddressProperties.QueryParams), out url, out reason))
        {
            return false;
        }

        var method = methods[0];
        if (address.GetProperty(HttpAddressProperties.Method) is { } methodText)
        {
            var named = methods.FirstOrDefault(m => string.Equals(m.Method, methodText, StringComparison.OrdinalIgnoreCase));
            if (named is null)
            {
                reason = $"'{HttpAddressProperties.Method}' '{methodText}' is not allowed here; expected one of {string.Join(", ", methods.Select(m => m.Method))}";
                return false;
            }

            method = named;
        }

        if (!TryReadHeaders(address, out var headers, out reason))
        {
            return false;
        }

        endpoint = new HttpEndpoint(url, method, headers);
        return true;
    }

    private static bool TryBuildUrl(Uri baseUrl, string? path, string? query, out Uri url, out string reason)
    {
        url = baseUrl;
        reason = "";
        if (string.IsNullOrEmpty(path) && string.IsNullOrEmpty(query))
        {
            return true;
        }

        var builder = new UriBuilder(baseUrl);
        if (!string.IsNullOrEmpty(path))
        {
            if (path.Contains("..", StringComparison.Ordinal) || path.Contains('?', StringComparison.Ordinal) || path.Contains('#', StringComparison.Ordinal))
            {
                reason = $"'{HttpAddressProperties.Path}' must be a plain path without '..', '?' or '#'";
                return false;
            }

            builder.Path = builder.Path.TrimEnd('/') + "/" + path.TrimStart('/');
        }

        if (!string.IsNullOrEmpty(query))
        {
            var existing = builder.Query.TrimStart('?');
            builder.Query = existing.Length == 0 ? query.TrimStart('?') : existing + "&" + query.TrimStart('?');
        }

        url = builder.Uri;
        return true;
    }

    private static bool TryReadHeaders(DataAddress address, out List<KeyValuePair<string, string>> headers, out string reason)
    {
        headers = [];
        reason = "";
        var authKey = address.GetProperty(HttpAddressProperties.AuthKey);
        var authCode = address.GetProperty(HttpAddressProperties.AuthCode);
        if ((authKey is null) != (authCode is null))
        {
            reason = $"'{HttpAddressProperties.AuthKey}' and '{HttpAddressProperties.AuthCode}' must be given together";
            return false;
        }

        if (authKey is not null)
        {
            if (!IsToken(authKey) || !IsHeaderValue(authCode!))
            {
                reason = $"'{HttpAddressProperties.AuthKey}' must be an HTTP header name and '{HttpAddressProperties.AuthCode}' a header value";
                return false;
            }

            if (!IsAuthenticationHeader(authKey))
            {
                reason = $"'{HttpAddressProperties.AuthKey}' '{authKey}' is not allowed: it names the one authentication header (such as Authorization or X-Api-Key), not a header that routes, frames or identifies the request";
                return false;
            }

            headers.Add(new(authKey, authCode!));
        }

        if (address.GetProperty(HttpAddressProperties.Authorization) is { } authorization)
        {
            var value = string.Equals(address.GetProperty(HttpAddressProperties.AuthType), HttpAddressProperties.Bearer, StringComparison.OrdinalIgnoreCase)
                ? "Bearer " + authorization
                : authorization;
            if (!IsHeaderValue(value))
            {
                reason = $"'{HttpAddressProperties.Authorization}' must be a valid header value";
                return false;
            }

            headers.Add(new("Authorization", value));
        }

        return true;
    }

    // The auth pair carries a credential; a peer must not use it to set headers that change where or how the request
    // goes (Host, framing, hop-by-hop, proxies, forwarding) or that carry someone else's state (cookies).
    private static bool IsAuthenticationHeader(string name)
    {
        var lower = name.ToLowerInvariant();
        return !(lower is "host" or "connection" or "keep-alive" or "te" or "trailer" or "transfer-encoding" or "upgrade" or "expect"
            or "cookie" or "forwarded" or "via" or "max-forwards" or "x-real-ip" or "origin" or "referer" or "range" or "if-match" or "if-none-match"
            || lower.StartsWith("content-", StringComparison.Ordinal)
            || lower.StartsWith("proxy-", StringComparison.Ordinal)
            || lower.StartsWith("x-forwarded-", StringComparison.Ordinal)
            || lower.StartsWith("x-http-method", StringComparison.Ordinal));
    }

    // RFC 9110 token characters.
    private static bool IsToken(string name) =>
        name.Length > 0 && name.All(c => c < 127 && (char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal)));

    private static bool IsHeaderValue(string value) => value.All(c => c == '\t' || (c >= ' ' && c != '\u007f'));
}
