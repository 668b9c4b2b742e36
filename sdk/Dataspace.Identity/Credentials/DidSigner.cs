using Dataspace.Identity.Jose;

namespace Dataspace.Identity.Credentials;

/// <summary>A DID with one of its private keys: signs tokens, credentials and presentations as that DID.</summary>
/// <param name="Did">The DID that signs.</param>
/// <param name="KeyId">The verification method id of the key in the DID document (<c>did…#fragment</c>), used as <c>kid</c>.</param>
/// <param name="Key">The private key; owned by whoever created the signer.</param>
public sealed record DidSigner(string Did, string KeyId, SigningKey Key)
{
    /// <summary>Signs a JWT payload with this DID's key.</summary>
    public string Sign(System.Text.Json.Nodes.JsonObject payload, string type) => CompactJws.Sign(payload, Key, KeyId, type);

    /// <summary>Names the DID and key id only.</summary>
    public override string ToString() => KeyId;
}
