using Dataspace.Identity.Jose;

namespace Dataspace.Identity.Dids;

/// <summary>A verification method of a DID document: a public key with its id, type and controller.</summary>
public sealed record VerificationMethod
{
    /// <summary>The method's id, an absolute DID URL (<c>did:…#fragment</c>).</summary>
    public required string Id { get; init; }

    /// <summary>The type: <c>JsonWebKey2020</c>, <c>JsonWebKey</c> or <c>Multikey</c>.</summary>
    public required string Type { get; init; }

    /// <summary>The DID that controls the key.</summary>
    public required string Controller { get; init; }

    /// <summary>The public key.</summary>
    public required Jwk PublicKey { get; init; }
}
