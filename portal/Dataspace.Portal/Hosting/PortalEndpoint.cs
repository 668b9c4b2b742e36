namespace Dataspace.Portal;

/// <summary>Marks the portal's endpoints, so they answer only below the portal's path base.</summary>
internal sealed class PortalEndpoint
{
    public static readonly PortalEndpoint Instance = new();

    private PortalEndpoint()
    {
    }
}
