namespace Dataspace.Identity.Dids;

/// <summary>A resolved and parsed DID document, or the DID Resolution error and reason.</summary>
public sealed record DidResolutionOutcome
{
    /// <summary>The parsed document; null on failure.</summary>
    public DidDocument? Document { get; init; }

    /// <summary>The DID Resolution error code; null on success.</summary>
    public string? Error { get; init; }

    /// <summary>What went wrong.</summary>
    public string? Reason { get; init; }
}
