namespace Dataspace.Identity.Dcp;

/// <summary>The JSON-LD context and message types of DCP v1.0.</summary>
public static class DcpContext
{
    /// <summary>The DCP v1.0 context URL.</summary>
    public const string Url = "https://w3id.org/dspace-dcp/v1.0/dcp.jsonld";

    /// <summary>The type of a presentation query.</summary>
    public const string PresentationQueryMessage = "PresentationQueryMessage";

    /// <summary>The type of a presentation response.</summary>
    public const string PresentationResponseMessage = "PresentationResponseMessage";
}
