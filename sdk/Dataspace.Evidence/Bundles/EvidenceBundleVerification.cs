using Dataspace.Evidence.Checkpoints;

namespace Dataspace.Evidence.Bundles;

/// <summary>The outcome of verifying an evidence bundle offline: valid, or the first bad entry (when an entry is at fault) and the reason.</summary>
public sealed record EvidenceBundleVerification
{
    /// <summary>Whether every check passed.</summary>
    public bool IsValid => Reason is null;

    /// <summary>Why the bundle is not valid; null when it is.</summary>
    public string? Reason { get; init; }

    /// <summary>The index (in the log) of the first entry found bad, when the fault is an entry's; null otherwise.</summary>
    public long? FirstBadEntry { get; init; }

    /// <summary>The checkpoint the entries were proven against, once its signature verified.</summary>
    public Checkpoint? Checkpoint { get; init; }

    /// <summary>The number of entries checked.</summary>
    public int EntryCount { get; init; }

    /// <summary>The key names of the witnesses whose cosignatures verified, on the bundle's checkpoint or an earlier one.</summary>
    public IReadOnlyList<string> Witnesses { get; init; } = [];

    /// <summary>The key name that signed the manifest, once it verified.</summary>
    public string? Exporter { get; init; }

    /// <summary>What the verification rests on, for the reader of a report (for example that did:web documents are taken from the bundle).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The agreement the bundle was exported for (its manifest's query), when it is an agreement's bundle.</summary>
    public string? AgreementId { get; init; }

    /// <summary>The agreement's counter-party (the other DID in its <c>agreement</c> entry), when the bundle holds that entry.</summary>
    public string? CounterParty { get; init; }

    /// <summary>
    /// Why an agreement's bundle is not witnessed by its counter-party (no cosignature by a key of that DID on a checkpoint
    /// covering the agreement entry, a cosignature by another DID only, or no agreement entry); null when it is, and for
    /// bundles of other queries.
    /// </summary>
    /// <remarks>Not part of <see cref="IsValid"/>: every signature and proof may hold while the witness is missing; a verifier that requires witnessing (as <c>dataspace audit verify</c> does) refuses the bundle on it.</remarks>
    public string? WitnessProblem { get; init; }

    /// <summary>A failed verification.</summary>
    public static EvidenceBundleVerification Invalid(string reason, long? firstBadEntry = null) => new() { Reason = reason, FirstBadEntry = firstBadEntry };
}
