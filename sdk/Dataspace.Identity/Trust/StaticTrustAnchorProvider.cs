namespace Dataspace.Identity.Trust;

/// <summary>A trust-anchor provider whose snapshot is replaced only through <see cref="Update"/>.</summary>
public sealed class StaticTrustAnchorProvider : ITrustAnchorProvider
{
    private volatile TrustAnchorSet _current;

    /// <summary>Creates the provider with an initial snapshot.</summary>
    public StaticTrustAnchorProvider(TrustAnchorSet initial) => _current = initial;

    /// <inheritdoc/>
    public TrustAnchorSet Current => _current;

    /// <summary>Swaps in a new snapshot.</summary>
    public void Update(TrustAnchorSet anchors) => _current = anchors;
}
