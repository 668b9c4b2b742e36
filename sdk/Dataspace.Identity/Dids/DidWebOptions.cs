namespace Dataspace.Identity.Dids;

/// <summary>Settings of the did:web resolver.</summary>
public sealed record DidWebOptions
{
    /// <summary>Allows plain HTTP for loopback hosts (127.0.0.0/8, ::1, localhost); for tests only, never in production.</summary>
    public bool AllowHttpForLoopback { get; init; }

    /// <summary>The largest DID document accepted, in bytes.</summary>
    public int MaxDocumentBytes { get; init; } = 256 * 1024;
}
