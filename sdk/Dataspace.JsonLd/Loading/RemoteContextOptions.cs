namespace Dataspace.JsonLd.Loading;

/// <summary>When and how the document loader may fetch contexts over the network; by default it never does.</summary>
public sealed class RemoteContextOptions
{
    /// <summary>URL prefixes that may be fetched (e.g. "https://w3id.org/"); empty means no network access.</summary>
    public IReadOnlyList<string> AllowedUrlPrefixes { get; init; } = [];

    /// <summary>Largest context accepted, in bytes (default 1 MiB).</summary>
    public long MaxBytes { get; init; } = 1024 * 1024;

    /// <summary>Longest a fetch may take (default 10 seconds).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a fetched context is reused before it is fetched again (default 1 hour).</summary>
    public TimeSpan CacheDuration { get; init; } = TimeSpan.FromHours(1);
}
