namespace Dataspace.Plugins.Transport.Http;

/// <summary>Names of the data address properties this plugin reads and writes.</summary>
internal static class HttpAddressProperties
{
    /// <summary>The DSP endpoint type of an HTTP data address (what a consumer pulls from, or a push destination).</summary>
    public const string DspHttpEndpointType = "https://w3id.org/idsa/v4.1/HTTP";

    /// <summary>DSP: the endpoint URL.</summary>
    public const string Endpoint = "endpoint";

    /// <summary>DSP endpoint property, and HttpData: an opaque authorization value.</summary>
    public const string Authorization = "authorization";

    /// <summary>DSP endpoint property: how to present <see cref="Authorization"/>, e.g. <c>bearer</c>.</summary>
    public const string AuthType = "authType";

    /// <summary>The <see cref="AuthType"/> value for an HTTP bearer token.</summary>
    public const string Bearer = "bearer";

    /// <summary>HttpData: the base URL.</summary>
    public const string BaseUrl = "baseUrl";

    /// <summary>HttpData: a path appended to the base URL.</summary>
    public const string Path = "path";

    /// <summary>HttpData: a query string appended to the URL (<c>a=1&amp;b=2</c>).</summary>
    public const string QueryParams = "queryParams";

    /// <summary>HttpData: the HTTP method.</summary>
    public const string Method = "method";

    /// <summary>HttpData: the name of a header carrying <see cref="AuthCode"/>.</summary>
    public const string AuthKey = "authKey";

    /// <summary>HttpData: the value of the <see cref="AuthKey"/> header.</summary>
    public const string AuthCode = "authCode";

    /// <summary>The namespace Eclipse EDC names data address properties in (<c>https://w3id.org/edc/v0.0.1/ns/baseUrl</c>, ...).</summary>
    public const string EdcNamespace = "https://w3id.org/edc/v0.0.1/ns/";

    // The properties above that EDC peers send under EDC's namespace; others in that namespace are none of ours and stay as they are.
    private static readonly HashSet<string> EdcNamed = [Endpoint, Authorization, AuthType, BaseUrl, Path, QueryParams, Method, AuthKey, AuthCode];

    /// <summary>
    /// The address with the EDC-namespace names of our properties shortened to ours, so EDC peers' addresses read like
    /// ours; false when a property is given under both names with different values.
    /// </summary>
    public static bool TryShortenEdcNames(Sdk.Transfer.DataAddress address, out Sdk.Transfer.DataAddress shortened, out string reason)
    {
        shortened = address;
        reason = "";
        if (!address.Properties.Keys.Any(k => k.StartsWith(EdcNamespace, StringComparison.Ordinal)))
        {
            return true;
        }

        var properties = new Dictionary<string, string>(address.Properties, StringComparer.Ordinal);
        foreach (var (name, value) in address.Properties)
        {
            if (!name.StartsWith(EdcNamespace, StringComparison.Ordinal) || !EdcNamed.Contains(name[EdcNamespace.Length..]))
            {
                continue;
            }

            var local = name[EdcNamespace.Length..];
            if (properties.TryGetValue(local, out var existing) && !string.Equals(existing, value, StringComparison.Ordinal))
            {
                reason = $"'{local}' is given twice, as '{local}' and as '{name}', with different values";
                return false;
            }

            properties.Remove(name);
            properties[local] = value;
        }

        shortened = address with { Properties = properties };
        return true;
    }
}
