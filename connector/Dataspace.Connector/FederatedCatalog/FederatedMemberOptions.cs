namespace Dataspace.Connector.FederatedCatalog;

/// <summary>One member of the data space as configured (<c>Connector:FederatedCatalog:Members</c> or the members file).</summary>
public sealed class FederatedMemberOptions
{
    /// <summary>The member's DID (its participant id).</summary>
    public string? Did { get; set; }

    /// <summary>The member's legal or display name.</summary>
    public string? Name { get; set; }

    /// <summary>The member's DSP endpoint, e.g. <c>https://bank.example/api/dsp</c>.</summary>
    public string? DspEndpoint { get; set; }

    /// <summary>The subspaces the member belongs to.</summary>
    public List<string> Subspaces { get; set; } = [];

    /// <summary><c>active</c> (default) or <c>revoked</c>; a revoked member is not crawled and leaves the search index.</summary>
    public string? Status { get; set; }

    /// <summary>What is wrong with this entry, or null when it can be crawled.</summary>
    internal string? Problem()
    {
        if (string.IsNullOrWhiteSpace(Did) || !Did.StartsWith("did:", StringComparison.Ordinal) && !Uri.TryCreate(Did, UriKind.Absolute, out _))
        {
            return $"Did is '{Did}'; expected the member's DID (did:web:..., did:key:...)";
        }

        if (!Uri.TryCreate(DspEndpoint, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            return $"DspEndpoint of {Did} is '{DspEndpoint}'; expected its absolute http(s) DSP URL such as https://bank.example/api/dsp";
        }

        if (Status is not (null or "active" or "revoked"))
        {
            return $"Status of {Did} is '{Status}'; expected active or revoked";
        }

        return null;
    }
}
