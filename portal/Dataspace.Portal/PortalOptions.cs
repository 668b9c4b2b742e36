namespace Dataspace.Portal;

/// <summary>Where the portal is served and which connector it manages (configuration section <c>Portal</c>).</summary>
public sealed class PortalOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Portal";

    /// <summary>Whether a connector host serves the portal at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The path the portal is served under (e.g. <c>/portal</c>); empty for the site root.</summary>
    public string PathBase { get; set; } = PortalInfo.DefaultPath;

    /// <summary>The connector's root URL; null when the portal is served by the connector itself (it then calls its own management API over loopback).</summary>
    public Uri? ConnectorUrl { get; set; }

    /// <summary>How long a sign-in lasts without activity.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>How long the portal waits for a management API call before giving up.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>The authority whose applications the operator reviews in the portal; none by default.</summary>
    public PortalAuthorityOptions Authority { get; set; } = new();

    /// <summary>The path base in canonical form: empty, or starting with '/' and without a trailing one.</summary>
    internal string NormalizedPathBase => string.IsNullOrWhiteSpace(PathBase) || PathBase.Trim() == "/" ? "" : "/" + PathBase.Trim().Trim('/');
}
