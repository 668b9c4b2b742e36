namespace Dataspace.Identity.Dids;

/// <summary>A service entry of a DID document, such as the DSP endpoint or the DCP Credential Service.</summary>
public sealed record DidService
{
    /// <summary>The service id (a DID URL, usually <c>did#name</c>).</summary>
    public required string Id { get; init; }

    /// <summary>The service type (see <see cref="DidServiceTypes"/>).</summary>
    public required string Type { get; init; }

    /// <summary>The service endpoint URL.</summary>
    public required string ServiceEndpoint { get; init; }
}
