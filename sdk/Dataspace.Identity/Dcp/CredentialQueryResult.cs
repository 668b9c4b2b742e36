namespace Dataspace.Identity.Dcp;

/// <summary>The outcome of a presentation query: the response, or why there is none.</summary>
public sealed record CredentialQueryResult
{
    /// <summary>The response; null on failure.</summary>
    public PresentationResponseMessage? Response { get; init; }

    /// <summary>Why the query failed (HTTP status and the service's reason).</summary>
    public string? Reason { get; init; }
}
