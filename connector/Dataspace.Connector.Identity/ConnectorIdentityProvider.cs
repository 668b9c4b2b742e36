using Dataspace.Identity.Dcp;

namespace Dataspace.Connector.Identity;

/// <summary>The connector's identity, set once the key store has been read at start-up and replaced on key rotation.</summary>
internal sealed class ConnectorIdentityProvider : ILocalIdentityProvider
{
    private volatile LocalIdentity? _current;

    public LocalIdentity Current => _current ?? throw new InvalidOperationException("The connector's identity is not loaded yet; it is read from the key store when the host starts.");

    public bool IsLoaded => _current is not null;

    public void Set(LocalIdentity identity) => _current = identity;
}
