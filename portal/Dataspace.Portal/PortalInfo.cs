namespace Dataspace.Portal;

/// <summary>Where the portal is served by default.</summary>
public static class PortalInfo
{
    /// <summary>The path the connector host serves the portal under.</summary>
    public const string DefaultPath = "/portal";
}
