namespace Dataspace.Connector.FederatedCatalog;

/// <summary>What the crawler knows of one member: its last catalog's digest, its part of the index and its failures.</summary>
/// <param name="Did">The member's DID.</param>
/// <param name="Name">Its name.</param>
/// <param name="DspEndpoint">Its DSP endpoint.</param>
/// <param name="Subspaces">Its subspaces.</param>
/// <param name="Digest">The SHA-256 of the catalog pages last indexed, or null before the first success.</param>
/// <param name="Datasets">How many of its datasets are indexed.</param>
/// <param name="Truncated">Why its catalog was cut off, when it was.</param>
/// <param name="LastSuccess">When its catalog was last read.</param>
/// <param name="LastAttempt">When it was last tried.</param>
/// <param name="Failures">Failed attempts since the last success.</param>
/// <param name="NextAttempt">Not tried again before this (back-off), if it failed.</param>
/// <param name="Error">Why the last attempt failed, if it did.</param>
/// <param name="PageDigests">The SHA-256 of each catalog page last indexed, in order.</param>
public sealed record MemberCrawlState(
    string Did,
    string Name,
    string DspEndpoint,
    IReadOnlyList<string> Subspaces,
    string? Digest,
    int Datasets,
    string? Truncated,
    DateTimeOffset? LastSuccess,
    DateTimeOffset? LastAttempt,
    int Failures,
    DateTimeOffset? NextAttempt,
    string? Error,
    IReadOnlyList<string> PageDigests);
