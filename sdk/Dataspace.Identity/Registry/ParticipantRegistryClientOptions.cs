namespace Dataspace.Identity.Registry;

/// <summary>Bounds of a <see cref="ParticipantRegistryClient"/>.</summary>
public sealed record ParticipantRegistryClientOptions
{
    /// <summary>The most entries read from one registry (10,000): past it, reading stops with an error.</summary>
    public int MaxParticipants { get; init; } = ParticipantRegistryClient.MaxParticipants;

    /// <summary>The largest page body read (16 MiB): a larger page is refused and reading stops with an error.</summary>
    public long MaxPageBytes { get; init; } = ParticipantRegistryClient.MaxPageBytes;

    /// <summary>How long one page or lookup may take, so a registry that never answers cannot hold the caller.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How many entries of a page are verified at once (each may resolve two DIDs).</summary>
    public int VerifyConcurrency { get; init; } = 8;
}
