namespace Dataspace.Identity.Dcp;

/// <summary>An identity provider whose snapshot changes only through <see cref="Update"/>.</summary>
public sealed class StaticLocalIdentityProvider : ILocalIdentityProvider
{
    private volatile LocalIdentity _current;

    /// <summary>Creates the provider with the initial identity.</summary>
    public StaticLocalIdentityProvider(LocalIdentity identity) => _current = identity;

    /// <inheritdoc/>
    public LocalIdentity Current => _current;

    /// <summary>Swaps in a new identity (after a key rotation).</summary>
    public void Update(LocalIdentity identity) => _current = identity;
}
