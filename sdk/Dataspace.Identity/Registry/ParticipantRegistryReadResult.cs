namespace Dataspace.Identity.Registry;

/// <summary>What reading a participant registry gave: the accepted entries, the skipped ones with reasons, and whether it read to the end.</summary>
public sealed record ParticipantRegistryReadResult
{
    /// <summary>The entries that passed every check, in the registry's order (by DID).</summary>
    public required IReadOnlyList<ParticipantRegistryEntry> Accepted { get; init; }

    /// <summary>The entries that did not, each with its reason.</summary>
    public required IReadOnlyList<SkippedRegistryEntry> Skipped { get; init; }

    /// <summary>Why the reading stopped before the last page (timeout, HTTP error, a page over the bound); null when complete.</summary>
    /// <remarks>The entries of the pages read before stay in <see cref="Accepted"/>.</remarks>
    public string? Error { get; init; }

    /// <summary>Whether every page was read.</summary>
    public bool Complete => Error is null;
}
