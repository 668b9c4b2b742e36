using Dataspace.Identity.Jose;

namespace Dataspace.Identity.Keys;

/// <summary>The public facts of a stored key; never its private part.</summary>
public sealed record KeyInfo
{
    /// <summary>The key's local id (also the fragment of its verification method in a did:web document).</summary>
    public required string Id { get; init; }

    /// <summary>ES256 or EdDSA.</summary>
    public required string Algorithm { get; init; }

    /// <summary>The public key.</summary>
    public required Jwk PublicKey { get; init; }

    /// <summary>When the key was made.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When a newer key replaced it; null for the active key.</summary>
    public DateTimeOffset? RetiredAt { get; init; }

    /// <summary>Until when a retired key stays in the DID document, so credentials it signed still verify.</summary>
    public DateTimeOffset? RetainUntil { get; init; }

    /// <summary>Whether this is the key that signs now.</summary>
    public bool IsActive => RetiredAt is null;
}
