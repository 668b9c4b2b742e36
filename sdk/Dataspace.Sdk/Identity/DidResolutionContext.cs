namespace Dataspace.Sdk.Identity;

/// <summary>What a resolver is asked to resolve.</summary>
public sealed record DidResolutionContext
{
    /// <summary>The DID to resolve, without a fragment or query.</summary>
    public required string Did { get; init; }
}
