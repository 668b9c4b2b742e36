using Dataspace.Identity.Credentials;
using Dataspace.Identity.Dids;

namespace Dataspace.Identity.Dcp;

/// <summary>This participant's identity: its DID document and the signer for its current capabilityInvocation key.</summary>
/// <param name="Signer">Signs tokens and presentations; its key must be in the document's capabilityInvocation and authentication.</param>
/// <param name="Document">The DID document this participant publishes.</param>
public sealed record LocalIdentity(DidSigner Signer, DidDocument Document)
{
    /// <summary>This participant's DID.</summary>
    public string Did => Document.Id;
}
