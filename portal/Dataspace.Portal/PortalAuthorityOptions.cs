namespace Dataspace.Portal;

/// <summary>
/// The data-space authority whose applications the portal's operator reviews (configuration section <c>Portal:Authority</c>);
/// the Applications page is shown only when both settings are given.
/// </summary>
public sealed class PortalAuthorityOptions
{
    /// <summary>The authority's root URL (where <c>dataspace authority serve</c> listens), e.g. <c>http://127.0.0.1:8190</c>.</summary>
    public Uri? Url { get; set; }

    /// <summary>The file holding the authority's management API key (<c>{authority data}/authority/management-api-key</c>).</summary>
    public string? ApiKeyFile { get; set; }

    /// <summary>Whether an authority is configured.</summary>
    public bool IsConfigured => Url is not null && !string.IsNullOrWhiteSpace(ApiKeyFile);
}
