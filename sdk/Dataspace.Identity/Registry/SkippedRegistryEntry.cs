namespace Dataspace.Identity.Registry;

/// <summary>A registry entry a reader did not accept, and why.</summary>
/// <param name="Did">The member DID the entry names, when it could be read; null for an entry too malformed to tell.</param>
/// <param name="Reason">What was wrong, for logs and for whatever the caller reports.</param>
public sealed record SkippedRegistryEntry(string? Did, string Reason);
