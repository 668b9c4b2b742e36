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
}
