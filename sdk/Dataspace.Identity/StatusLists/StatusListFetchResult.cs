namespace Dataspace.Identity.StatusLists;

/// <summary>A fetched status list credential, or why it could not be fetched.</summary>
public sealed record StatusListFetchResult
{
    /// <summary>The status list credential as a compact JWT; null on failure.</summary>
    public string? Jwt { get; init; }

    /// <summary>Why the fetch failed.</summary>
    public string? Reason { get; init; }
}
