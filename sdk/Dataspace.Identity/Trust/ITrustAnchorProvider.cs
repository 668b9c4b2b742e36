namespace Dataspace.Identity.Trust;

/// <summary>Supplies the current trust-anchor snapshot.</summary>
/// <remarks>Read on every verification; an implementation swaps snapshots atomically when its source changes.</remarks>
public interface ITrustAnchorProvider
{
    /// <summary>The anchors in force now.</summary>
    TrustAnchorSet Current { get; }
}
